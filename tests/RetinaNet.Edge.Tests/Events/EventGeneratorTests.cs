using RetinaNet.Edge.Events;
using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Tests.Events;

public class EventGeneratorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Process_TrackLifecycle_NewUpdatesEnd()
    {
        var tracker = new ByteTracker(new TrackerOptions { ConfirmHits = 2, MaxMisses = 1 });
        var gen = new EventGenerator("cam", ["person"], TimeSpan.FromSeconds(5));
        var events = new List<TrackEvent>();
        var counts = new List<IReadOnlyDictionary<string, int>>();
        void Step(int frame, params Detection[] dets)
        {
            var now = T0.AddSeconds(frame);
            var tracks = tracker.Update(dets, now);
            gen.Process(tracks, tracker.Ended, frame, 100, 100, now, events.Add, counts.Add);
        }
        Step(0, new Detection(new BoxF(10, 10, 30, 30), 0.9f, 0));
        Assert.Empty(events); // tentative
        Step(1, new Detection(new BoxF(10, 10, 30, 30), 0.8f, 0));
        var created = Assert.Single(events);
        Assert.Equal((TrackEventType.New, "cam", "person", 1, 1L), (created.Type, created.Camera, created.Label, created.TrackId, created.Frame));
        Assert.Equal(0.9f, created.BestScore);
        Assert.Equal(new EventBox(0.1f, 0.1f, 0.3f, 0.3f), created.BoxNormalized);
        Assert.Equal(T0, created.FirstSeen);
        Assert.Equal(1, counts.Last()["person"]);
        Step(2, new Detection(new BoxF(11, 10, 31, 30), 0.8f, 0)); // small move: no event
        Assert.Single(events);
        Step(3); // missed once: lost, no event
        Assert.Single(events);
        Step(4); // missed twice (> MaxMisses): ended
        var ended = events.Last();
        Assert.Equal((TrackEventType.End, 1, T0.AddSeconds(2)), (ended.Type, ended.TrackId, ended.LastSeen));
        Assert.Equal(0, counts.Last()["person"]);
    }

    [Fact]
    public void Process_StationaryTrack_UpdatesAtInterval()
    {
        var tracker = new ByteTracker(new TrackerOptions { ConfirmHits = 1 });
        var gen = new EventGenerator("cam", ["car"], TimeSpan.FromSeconds(5));
        var events = new List<TrackEvent>();
        for (int s = 0; s <= 12; s++)
        {
            var now = T0.AddSeconds(s);
            gen.Process(tracker.Update([new Detection(new BoxF(0, 0, 50, 50), 0.9f, 0)], now), tracker.Ended, s, 100, 100, now, events.Add, null);
        }
        Assert.Equal([TrackEventType.New, TrackEventType.Update, TrackEventType.Update], events.Select(e => e.Type));
        Assert.Equal([0L, 5L, 10L], events.Select(e => e.Frame));
    }

    [Fact]
    public void Serialize_Event_IsVersionedJsonWithUtcTimes()
    {
        var e = new TrackEvent
        {
            Type = TrackEventType.New, Camera = "c", TrackId = 3, Label = "car", ClassId = 2, Score = 0.5f, BestScore = 0.6f,
            Box = new EventBox(1, 2, 3, 4), BoxNormalized = new EventBox(0.1f, 0.2f, 0.3f, 0.4f), FirstSeen = T0, LastSeen = T0, Frame = 7,
            Id = Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"), Seq = 42,
        };
        var json = System.Text.Json.JsonSerializer.Serialize(e, EventJsonContext.Default.TrackEvent);
        Assert.StartsWith("{\"version\":2,\"id\":\"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"seq\":42,", json);
        Assert.Contains("\"firstSeen\":\"2026-05-01T12:00:00+00:00\"", json);
        Assert.Contains("\"box\":{\"x1\":1,\"y1\":2,\"x2\":3,\"y2\":4}", json);
    }
}
