namespace RetinaNet.Edge.Events;

/// <summary>Where events, counts and status go (MQTT in production). Implementations never block the pipeline.</summary>
internal interface IEventSink
{
    void Publish(TrackEvent e);
    void PublishCounts(string camera, IReadOnlyDictionary<string, int> counts);
    void PublishStatus(string camera, string statusJson);
}
