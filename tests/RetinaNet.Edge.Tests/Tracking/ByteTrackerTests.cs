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

public class ByteTrackerRecoveryTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;
    private static Detection Box(float x1, float y1, float x2, float y2, int cls = 0, float score = 0.9f) => new(new BoxF(x1, y1, x2, y2), score, cls);

    [Theory]
    [InlineData(0.2f, 1)]   // a detection of another class may recover the lost track: no second identity
    [InlineData(-1f, 2)]    // classes kept apart: the renamed detection starts a track of its own
    public void Update_ObjectRenamedAfterAMiss_RecoveryClassCostDecides(float classCost, int started)
    {
        int starts = 0;
        var tracker = new ByteTracker(new TrackerOptions { ConfirmHits = 2, RecoveryClassCost = classCost }, () => starts++);
        int frame = 0;
        Detection At(int cls) => Box(100 + 4 * frame, 100, 140 + 4 * frame, 140, cls);
        for (; frame < 5; frame++) tracker.Update([At(0)], T0);
        tracker.Update([], T0); frame++;               // hidden for a frame
        tracker.Update([At(1)], T0); frame++;          // seen again, but the detector names it class 1
        for (; frame < 10; frame++)
        {
            var t = Assert.Single(tracker.Update([At(0)], T0), t => t.State == TrackState.Confirmed);
            Assert.Equal(1, t.Id);
            Assert.Equal(0, t.ClassId);
        }
        Assert.Equal(started, starts);
    }

    [Theory]
    [InlineData(true, 2)]    // the first object left through the left edge: the one entering there is another
    [InlineData(false, 1)]   // frame size unknown: the lost track takes the newcomer (what the demo clips showed)
    public void Update_ObjectEntersWhereOneJustLeft_NewIdentityWhenFrameKnown(bool frameKnown, int lastId)
    {
        var frame = frameKnown ? new System.Drawing.SizeF(640, 360) : default;
        var tracker = new ByteTracker(new TrackerOptions { ConfirmHits = 2 });
        // Walks left at 5 px a frame; the detector clips its box at x = 0 as it leaves.
        for (int i = 0; i < 15; i++)
        {
            float x1 = 40 - 5 * i;
            tracker.Update([Box(Math.Max(0, x1), 100, x1 + 40, 160)], T0, frame);
        }
        for (int i = 0; i < 6; i++) tracker.Update([], T0, frame);
        // Another object walks in from the left edge.
        IReadOnlyList<Track> tracks = [];
        for (int i = 0; i < 4; i++) tracks = tracker.Update([Box(0, 100, 10 + 5 * i, 160)], T0, frame);
        Assert.Equal(lastId, Assert.Single(tracks, t => t.Misses == 0).Id);
    }

    [Theory]
    [InlineData(true, 0.95f)]   // 1 − IoU × score: the surer detection wins
    [InlineData(false, 0.55f)]  // 1 − IoU: the closer box wins
    public void Update_TwoCandidates_FuseScoreWeighsIoUByScore(bool fuse, float expectedScore)
    {
        var tracker = new ByteTracker(new TrackerOptions { ConfirmHits = 1, FuseScore = fuse });
        for (int i = 0; i < 3; i++) tracker.Update([Box(100, 100, 200, 200)], T0);
        // IoU with the track: 0.74 (score 0.55) and 0.60 (score 0.95).
        var near = Box(100, 115, 200, 215, score: 0.55f);
        var sure = Box(75, 100, 175, 200, score: 0.95f);
        var tracks = tracker.Update([near, sure], T0);
        Assert.Equal(expectedScore, tracks.Single(t => t.Id == 1).Score);
    }
}

