namespace RetinaNet.Edge.Events;

/// <summary>Where events go (history: every one kept and delivered in order; MQTT through the outbox in the agent,
/// fanned out to the dashboard by Web's decorator). Implementations never block the pipeline.</summary>
internal interface IEventHistory
{
    /// <param name="capturedTicks">Stopwatch timestamp of the frame the event came from (for latency), 0 if none.</param>
    /// <returns>The event as published: stamped with its <c>id</c> and <c>seq</c>.</returns>
    TrackEvent Publish(TrackEvent e, long capturedTicks = 0);

    /// <returns>The event as published: stamped with its <c>id</c> and <c>seq</c>.</returns>
    Zones.ZoneEvent Publish(Zones.ZoneEvent e);
}
