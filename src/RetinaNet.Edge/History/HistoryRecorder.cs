using RetinaNet.Edge.Events;
using RetinaNet.Edge.Zones;

namespace RetinaNet.Edge.History;

/// <summary>A decorator of the event history: every track event, and every zone entry, once published, is queued for
/// the history's writer (never blocks; inside the clip recorder, so events carry their clip's id).</summary>
internal sealed class HistoryRecorder(IEventHistory inner, HistoryWriter writer) : IEventHistory
{
    public PublishedEvent Publish(TrackEvent e, long capturedTicks = 0)
    {
        var published = inner.Publish(e, capturedTicks);
        writer.Add(HistoryEntry.Of(e));
        return published;
    }

    public PublishedEvent Publish(ZoneEvent e)
    {
        var published = inner.Publish(e);
        if (e.Type == ZoneEventType.Entered && e.Zone is { } zone) writer.Add(HistoryEntry.Entered(e, zone));
        return published;
    }
}
