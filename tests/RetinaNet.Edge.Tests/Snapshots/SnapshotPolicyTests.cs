using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Snapshots;

namespace RetinaNet.Edge.Tests.Snapshots;

public class SnapshotPolicyTests
{
    private sealed class Queue : ISnapshotQueue
    {
        public List<TrackEvent> Taken { get; } = [];
        public string? TryEnqueue(Frame frame, TrackEvent e) { Taken.Add(e); return $"/snapshots/{e.Camera}/{e.TrackId}-{Taken.Count}.jpg"; }
    }

    [Fact]
    public void Apply_NewThenBetterViews_SnapshotOnNewAndOnEachGainOfFivePoints()
    {
        var queue = new Queue();
        var policy = new SnapshotPolicy(queue);
        using var pool = new FramePool();
        var frame = pool.Rent();
        var e = SnapshotStoreTests.Event(7) with { Type = TrackEventType.New, Score = 0.60f };
        Assert.Equal("/snapshots/cam/7-1.jpg", policy.Apply(e, frame).Snapshot);
        Assert.Null(policy.Apply(e with { Type = TrackEventType.Update, Score = 0.64f }, frame).Snapshot);  // +0.04: not better enough
        Assert.NotNull(policy.Apply(e with { Type = TrackEventType.Update, Score = 0.66f }, frame).Snapshot); // +0.06
        Assert.Null(policy.Apply(e with { Type = TrackEventType.End, Score = 0.9f }, frame).Snapshot);
        Assert.Null(policy.Apply(e with { Type = TrackEventType.Update, Score = 0.99f }, frame).Snapshot);    // ended: forgotten
        Assert.Equal(2, queue.Taken.Count);
        frame.Release();
    }

    [Fact]
    public void Apply_NoQueueOrNoFrame_EventUnchanged()
    {
        var e = SnapshotStoreTests.Event(1) with { Type = TrackEventType.New };
        Assert.Same(e, new SnapshotPolicy(null).Apply(e, null));
        Assert.Same(e, new SnapshotPolicy(new Queue()).Apply(e, null));
    }
}
