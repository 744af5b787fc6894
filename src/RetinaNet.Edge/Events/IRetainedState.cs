namespace RetinaNet.Edge.Events;

/// <summary>Where state goes: latest values only (retained MQTT topics in the agent) — counts, zone values, discovery,
/// the latest snapshot crop and camera status. A newer value replaces an older one not yet sent.</summary>
internal interface IRetainedState
{
    void PublishCounts(string camera, IReadOnlyDictionary<string, int> counts);
    /// <summary>A retained value under the camera's topic, e.g. <c>zones/NAME/count</c>.</summary>
    void PublishValue(string camera, string path, string value);
    /// <summary>A retained message on an absolute topic (discovery, stats).</summary>
    void PublishRetained(string topic, string payload);
    /// <summary>A snapshot crop as a retained binary payload on the camera's <c>snapshot</c> topic.</summary>
    void PublishSnapshot(string camera, byte[] jpeg);
    void PublishStatus(Cameras.CameraSnapshot status);
    /// <summary>A removed camera: every retained value under its topic, and <paramref name="others"/> (absolute topics
    /// such as its discovery entries), deleted at the broker.</summary>
    void ClearCamera(string camera, IEnumerable<string> others);
}
