namespace RetinaNet.Edge.Events;

/// <summary>Where events, counts and status go (MQTT in production). Implementations never block the pipeline.</summary>
internal interface IEventSink
{
    /// <param name="capturedTicks">Stopwatch timestamp of the frame the event came from (for latency), 0 if none.</param>
    /// <returns>The event as published: stamped with its <c>id</c> and <c>seq</c>.</returns>
    TrackEvent Publish(TrackEvent e, long capturedTicks = 0);
    void PublishCounts(string camera, IReadOnlyDictionary<string, int> counts);
    /// <returns>The event as published: stamped with its <c>id</c> and <c>seq</c>.</returns>
    Zones.ZoneEvent Publish(Zones.ZoneEvent e);
    /// <summary>A retained value under the camera's topic, e.g. <c>zones/NAME/count</c>.</summary>
    void PublishValue(string camera, string path, string value);
    /// <summary>A retained message on an absolute topic (discovery).</summary>
    void PublishRetained(string topic, string payload);
    /// <summary>A snapshot crop as a retained binary payload on the camera's <c>snapshot</c> topic.</summary>
    void PublishSnapshot(string camera, byte[] jpeg);
    void PublishStatus(string camera, string statusJson);
}
