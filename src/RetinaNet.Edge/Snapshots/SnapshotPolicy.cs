using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Events;

namespace RetinaNet.Edge.Snapshots;

/// <summary>Which of a camera's events get a snapshot: a new track, and an update whose score beats the track's last
/// snapshot by 0.05 or more (the best view so far). The JPEGs are written off the inference thread by the queue's
/// owner; the event carries their URL. One per camera, used on the inference thread.</summary>
internal sealed class SnapshotPolicy(ISnapshotQueue? queue)
{
    private const float Better = 0.05f;
    private readonly Dictionary<int, float> _best = [];

    /// <summary>The event, with its snapshot's URL when one is taken of <paramref name="frame"/>.</summary>
    public TrackEvent Apply(TrackEvent e, Frame? frame)
    {
        if (queue is null || frame is null) return e;
        if (e.Type == TrackEventType.End) { _best.Remove(e.TrackId); return e; }
        bool worth = e.Type == TrackEventType.New || (_best.TryGetValue(e.TrackId, out var best) && e.Score >= best + Better);
        if (!worth) return e;
        _best[e.TrackId] = e.Score;
        return queue.TryEnqueue(frame, e) is { } path ? e with { Snapshot = path } : e;
    }
}
