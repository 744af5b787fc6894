using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Tests.Tracking;

public class ByteTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Detection Det(float x, float y, float score = 0.9f, int cls = 0, float size = 40) => new(new BoxF(x, y, x + size, y + size), score, cls);

    [Fact]
    public void Update_ConfirmsAfterNHits_ThenStableId()
    {
        var tracker = new ByteTracker(new TrackerOptions { ConfirmHits = 3 });
        IReadOnlyList<Track> tracks = [];
        for (int i = 0; i < 10; i++)
        {
            tracks = tracker.Update([Det(10 + 4 * i, 50)], T0.AddSeconds(i));
            var t = Assert.Single(tracks);
            Assert.Equal(1, t.Id);
            Assert.Equal(i >= 2 ? TrackState.Confirmed : TrackState.Tentative, t.State);
            Assert.Equal(i == 2, t.JustConfirmed);
        }
    }

    [Fact]
    public void Update_ObjectsCrossing_KeepTheirIds()
    {
        // Two same-class boxes move towards each other horizontally and pass (overlapping for a few frames).
        var tracker = new ByteTracker(new TrackerOptions());
        var idsAtStart = new Dictionary<string, int>();
        for (int i = 0; i <= 40; i++)
        {
            var left = Det(0 + 8 * i, 100);
            var right = Det(320 - 8 * i, 110);
            var tracks = tracker.Update([left, right], T0.AddSeconds(i));
            var byX = tracks.OrderBy(t => t.Box.X1).ToList();
            if (i == 5) { idsAtStart["a"] = byX[0].Id; idsAtStart["b"] = byX[1].Id; }
            if (i == 40)
            {
                // After the crossing the track that started on the left is now on the right.
                Assert.Equal(idsAtStart["a"], byX[1].Id);
                Assert.Equal(idsAtStart["b"], byX[0].Id);
            }
        }
    }

    [Fact]
    public void Update_LowScoreDetection_ExtendsTrackInSecondPass()
    {
        var tracker = new ByteTracker(new TrackerOptions { HighScore = 0.5f, LowScore = 0.1f, MaxMisses = 1 });
        for (int i = 0; i < 5; i++) tracker.Update([Det(10 + 2 * i, 10)], T0);
        // Occluded: score 0.2 is below the high band. ByteTrack keeps the track alive with it.
        for (int i = 5; i < 10; i++)
        {
            var t = Assert.Single(tracker.Update([Det(10 + 2 * i, 10, 0.2f)], T0));
            Assert.Equal(1, t.Id);
            Assert.Equal(0, t.Misses);
        }
    }

    [Fact]
    public void Update_LowScoreOnly_NeverStartsTrack()
    {
        var tracker = new ByteTracker(new TrackerOptions());
        for (int i = 0; i < 5; i++) Assert.Empty(tracker.Update([Det(10, 10, 0.3f)], T0));
    }

    [Fact]
    public void Update_MissingForMoreThanMFrames_EndsTrack()
    {
        var tracker = new ByteTracker(new TrackerOptions { ConfirmHits = 2, MaxMisses = 3 });
        for (int i = 0; i < 4; i++) tracker.Update([Det(10, 10)], T0);
        for (int i = 0; i < 3; i++)
        {
            Assert.Single(tracker.Update([], T0));
            Assert.Empty(tracker.Ended);
        }
        Assert.Empty(tracker.Update([], T0));
        Assert.Equal(1, Assert.Single(tracker.Ended).Id);
    }

    [Fact]
    public void Update_DifferentClasses_NeverMatched()
    {
        var tracker = new ByteTracker(new TrackerOptions { ConfirmHits = 1 });
        tracker.Update([Det(10, 10, cls: 0)], T0);
        var tracks = tracker.Update([Det(10, 10, cls: 1)], T0);
        Assert.Equal(2, tracks.Count(t => t.Misses == 0) + tracks.Count(t => t.Misses == 1));
        Assert.Contains(tracks, t => t.ClassId == 1 && t.Id == 2);
    }
}

public class ByteTrackerOcclusionTests
{
    [Fact]
    public void Update_ReappearingObjectNextToLostTrack_DuplicateEnds()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var tracker = new ByteTracker(new TrackerOptions { ConfirmHits = 2, MatchIou = 0.9f, DuplicateIou = 0.5f });
        for (int i = 0; i < 4; i++) tracker.Update([new Detection(new BoxF(100, 100, 140, 140), 0.9f, 0)], t0);
        tracker.Update([], t0); // occluded: track 1 lost
        // Reappears slightly shifted: too far for the strict match gate, so a new track starts next to the lost one,
        // and the duplicate check hands the measurement back to the older track.
        var tracks = tracker.Update([new Detection(new BoxF(108, 100, 148, 140), 0.9f, 0)], t0);
        var t = Assert.Single(tracks);
        Assert.Equal(1, t.Id);
        Assert.Equal(0, t.Misses);
    }
}
