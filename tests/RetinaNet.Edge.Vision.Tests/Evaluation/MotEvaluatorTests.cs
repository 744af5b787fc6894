using RetinaNet.Edge.Vision.Evaluation;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Vision.Tests.Evaluation;

public class MotEvaluatorTests
{
    private static MotBox B(int frame, int id, float x) => new(frame, id, new BoxF(x, 0, x + 10, 10));

    [Fact]
    public void Evaluate_PerfectTracks_AllOnes()
    {
        var gt = Enumerable.Range(1, 10).SelectMany(f => new[] { B(f, 1, f), B(f, 2, 100 + f) }).ToList();
        var hyp = gt.Select(b => b with { Id = b.Id + 6 }).ToList();
        var m = MotEvaluator.Evaluate(gt, hyp);
        Assert.Equal((1.0, 1.0, 0L, 0L, 0L, 0L), (m.Mota, m.Idf1, m.IdSwitches, m.Misses, m.FalsePositives, m.Fragmentations));
    }

    [Fact]
    public void Evaluate_OneIdSwitch_MotaPoint9Idf1Half()
    {
        // 10 frames of one object; the tracker calls it A for frames 1–5 and B for 6–10.
        var gt = Enumerable.Range(1, 10).Select(f => B(f, 1, f)).ToList();
        var hyp = gt.Select(b => b with { Id = b.Frame <= 5 ? 100 : 200 }).ToList();
        var m = MotEvaluator.Evaluate(gt, hyp);
        Assert.Equal(1, m.IdSwitches);
        Assert.Equal(0.9, m.Mota, 6);       // 1 − 1/10
        Assert.Equal(0.5, m.Idf1, 6);       // IDTP 5: 2·5 / (10 + 10)
    }

    [Fact]
    public void Evaluate_MissesAndFalsePositive_CountedByHand()
    {
        // Missed in frames 3 and 4 (one fragmentation), one spurious box far away in frame 5.
        var gt = Enumerable.Range(1, 10).Select(f => B(f, 1, f)).ToList();
        var hyp = gt.Where(b => b.Frame is not (3 or 4)).Select(b => b with { Id = 9 }).Append(B(5, 50, 500)).ToList();
        var m = MotEvaluator.Evaluate(gt, hyp);
        Assert.Equal((2L, 1L, 0L, 1L), (m.Misses, m.FalsePositives, m.IdSwitches, m.Fragmentations));
        Assert.Equal(0.7, m.Mota, 6);         // 1 − (2 + 1 + 0)/10
        Assert.Equal(16.0 / 19, m.Idf1, 6);   // IDTP 8: 2·8 / (10 + 9)
    }

    [Fact]
    public void Evaluate_LowOverlap_NotAMatch()
    {
        // IoU of [0,10] and [6,16] on x (same y): 4/16 = 0.25 < 0.5 → a miss and a false positive.
        var m = MotEvaluator.Evaluate([B(1, 1, 0)], [B(1, 2, 6)]);
        Assert.Equal((1L, 1L), (m.Misses, m.FalsePositives));
        Assert.Equal(-1.0, m.Mota, 6);
    }
}
