namespace RetinaNet.Edge.Events;

/// <summary>Where events go (history: every one kept and delivered in order; MQTT through the outbox in the agent,
/// fanned out to the dashboard by Web's decorator). Implementations never block the pipeline.</summary>
internal interface IEventHistory
{
    /// <param name="capturedTicks">Stopwatch timestamp of the frame the event came from (for latency), 0 if none.</param>
    /// <returns>The event as published: its stamp and its JSON.</returns>
    PublishedEvent Publish(TrackEvent e, long capturedTicks = 0);

    /// <returns>The event as published: its stamp and its JSON.</returns>
    PublishedEvent Publish(Zones.ZoneEvent e);
}

/// <summary>An event as the history published it: stamped with its <c>id</c> and per-camera <c>seq</c> and serialized
/// once — the same UTF-8 bytes go to the broker and to the dashboard (an empty <see cref="Json"/>: not stored).</summary>
internal readonly record struct PublishedEvent(Guid Id, long Seq, ReadOnlyMemory<byte> Json);
