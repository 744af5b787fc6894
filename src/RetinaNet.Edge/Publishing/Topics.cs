namespace RetinaNet.Edge.Publishing;

/// <summary>The MQTT topic tree under a configurable prefix.</summary>
internal sealed class Topics(string prefix)
{
    private readonly string _p = prefix.TrimEnd('/');

    /// <summary>Retained "online"; the broker publishes the last will "offline" if the agent vanishes.</summary>
    public string Availability => $"{_p}/availability";
    /// <summary>Retained agent statistics, refreshed every stats interval.</summary>
    public string Stats => $"{_p}/stats";
    /// <summary>Track lifecycle events of a camera (not retained).</summary>
    public string Events(string camera) => $"{_p}/cameras/{camera}/events";
    /// <summary>Retained number of confirmed tracks of a label in view.</summary>
    public string Count(string camera, string label) => $"{_p}/cameras/{camera}/counts/{label.Replace(' ', '_')}";
    /// <summary>Any retained value under a camera, e.g. <c>zones/NAME/count</c>, <c>lines/NAME/in</c>.</summary>
    public string Camera(string camera, string path) => $"{_p}/cameras/{camera}/{path}";
    /// <summary>Retained camera status JSON.</summary>
    public string Status(string camera) => $"{_p}/cameras/{camera}/status";
}
