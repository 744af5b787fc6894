using RetinaNet.Edge.Events;
using RetinaNet.Edge.Web;
using RetinaNet.Edge.Zones;

namespace RetinaNet.Edge.Tests.Web;

public class EventBroadcasterTests
{
    /// <summary>The inner history (MQTT) serializes; the dashboard gets those very bytes.</summary>
    private sealed class Serializing : IEventHistory
    {
        public List<byte[]> Made { get; } = [];
        public PublishedEvent Publish(TrackEvent e, long capturedTicks = 0) => Make(e.Seq);
        public PublishedEvent Publish(ZoneEvent e) => Make(e.Seq);
        private PublishedEvent Make(long seq)
        {
            var json = System.Text.Encoding.UTF8.GetBytes($"{{\"seq\":{seq}}}");
            Made.Add(json);
            return new PublishedEvent(Guid.NewGuid(), seq, json);
        }
    }

    [Fact]
    public void Publish_TwoClients_EachGetsTheBytesTheHistorySerializedNotACopy()
    {
        var inner = new Serializing();
        var broadcaster = new EventBroadcaster(inner);
        var a = broadcaster.Subscribe(out var leaveA);
        var b = broadcaster.Subscribe(out _);
        var track = RetinaNet.Edge.Benchmarking.OutboxBench.Event(7);
        var published = broadcaster.Publish(track);
        leaveA();
        broadcaster.Publish(new ZoneEvent { Type = ZoneEventType.Entered, Camera = "cam", Seq = 8, Zone = "door", TrackId = 1, Label = "person", Time = DateTimeOffset.UnixEpoch, Frame = 1 });

        Assert.True(a.TryRead(out var sentA));
        Assert.True(b.TryRead(out var sentB));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(sentA, out var arrayA) && ReferenceEquals(arrayA.Array, inner.Made[0]));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(sentB, out var arrayB) && ReferenceEquals(arrayB.Array, inner.Made[0]));
        Assert.Equal(published.Json, sentA);
        Assert.False(a.TryRead(out _)); // left before the zone event
        Assert.True(b.TryRead(out var zone) && zone.Span.SequenceEqual(inner.Made[1]));
    }
}
