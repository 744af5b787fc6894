using RetinaNet.Edge.Toolkit.Labelling;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Toolkit.Tests.Labelling;

public class PersistenceFilterTests
{
    private static Detection Det(float x, float score, int cls = 0) => new(new BoxF(x, 100, x + 30, 180), score, cls);

    [Fact]
    public void Finish_FlickerAndPersistentObject_KeepsPersistentDropsFlicker()
    {
        var filter = new PersistenceFilter(new PersistenceSettings(MinFrames: 5, MaxGap: 3));
        for (int f = 0; f < 10; f++)
        {
            var dets = new List<Detection> { Det(10 + 2 * f, 0.8f) };
            if (f == 4) dets.Add(Det(400, 0.9f)); // one frame only: flicker
            filter.Add(f, dets);
        }
        var (boxes, report) = filter.Finish();
        Assert.Equal(1, report.TracksKept);
        Assert.Equal(1, report.TracksDropped);
        Assert.Equal(10, boxes.Count);
        Assert.All(boxes, b => Assert.Equal(1, b.TrackId));
    }

    [Fact]
    public void Finish_ShortGap_FilledByInterpolation()
    {
        var filter = new PersistenceFilter(new PersistenceSettings(MinFrames: 3, MaxGap: 3));
        foreach (var f in new[] { 0, 1, 2, 5, 6 }) filter.Add(f, [Det(2 * f, 0.8f)]);
        var (boxes, report) = filter.Finish();
        Assert.Equal(2, report.BoxesFilled);
        var filled = boxes.Single(b => b.Frame == 3);
        Assert.True(filled.Filled);
        Assert.Equal(6, filled.Box.X1, 3);
    }

    [Fact]
    public void Finish_LowScoreOnly_NeverStartsATrackButContinuesOne()
    {
        var filter = new PersistenceFilter(new PersistenceSettings(StartScore: 0.5f, KeepScore: 0.3f, MinFrames: 3));
        filter.Add(0, [Det(10, 0.6f), Det(300, 0.35f)]);
        for (int f = 1; f < 5; f++) filter.Add(f, [Det(10 + f, 0.35f), Det(300, 0.35f)]);
        var (boxes, report) = filter.Finish();
        Assert.Equal(1, report.TracksKept);
        Assert.Equal(5, boxes.Count);
        Assert.DoesNotContain(boxes, b => b.Box.X1 >= 300);
    }

    [Fact]
    public void Finish_ClassFlips_OneClassByScoreWeightedVote()
    {
        var filter = new PersistenceFilter(new PersistenceSettings(MinFrames: 3));
        var classes = new[] { 5, 2, 5, 5, 2 };
        for (int f = 0; f < classes.Length; f++) filter.Add(f, [Det(10, 0.7f, classes[f])]);
        var (boxes, _) = filter.Finish();
        Assert.All(boxes, b => Assert.Equal(5, b.Class));
    }

    [Fact]
    public void AcrossClasses_SameObjectTwoLabels_KeepsBestScore()
    {
        var kept = NanoDetTeacher.AcrossClasses([Det(10, 0.6f, 2), Det(11, 0.7f, 5), Det(200, 0.5f, 2)], 0.8f);
        Assert.Equal(2, kept.Count);
        Assert.Contains(kept, d => d.ClassId == 5);
        Assert.DoesNotContain(kept, d => d.ClassId == 2 && d.Box.X1 < 100);
    }

    [Fact]
    public void Map_UnknownOrRepeatedClass_ErrorNamesIt()
    {
        Assert.Contains("'van'", Assert.Throws<ArgumentException>(() => StreetClasses.Map(["person", "van"])).Message, StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => StreetClasses.Map(["car", "car"])).Message, StringComparison.Ordinal);
        Assert.Equal(5, StreetClasses.Map(StreetClasses.Default)[7]); // COCO truck → the sixth street class
    }
}
