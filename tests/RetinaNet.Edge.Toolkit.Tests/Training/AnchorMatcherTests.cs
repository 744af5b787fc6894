using RetinaNet.Edge.Toolkit.Training;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Toolkit.Tests.Training;

public class AnchorMatcherTests
{
    // Ground truth [0,0,10,10] (area 100). Anchor IoUs by hand: [0,0,10,10] → 1; [0,0,10,8] → 80/100 = 0.8;
    // [0,0,10,4.5] → 0.45 (ignored); [0,0,10,3] → 0.3 (background); [20,20,30,30] → 0.
    private static readonly BoxF Truth = new(0, 0, 10, 10);

    [Fact]
    public void Match_IoUBands_ForegroundIgnoreBackground()
    {
        BoxF[] anchors = [new(0, 0, 10, 10), new(0, 0, 10, 8), new(0, 0, 10, 4.5f), new(0, 0, 10, 3), new(20, 20, 30, 30)];
        var m = AnchorMatcher.Match(anchors, [Truth]);
        Assert.Equal([0, 0, AnchorMatcher.Ignore, AnchorMatcher.Background, AnchorMatcher.Background], m);
    }

    [Fact]
    public void Match_TruthWithoutGoodAnchor_GetsItsBestAnchor()
    {
        // Best IoU for the truth is 0.3 (< 0.4): that anchor still becomes its foreground.
        BoxF[] anchors = [new(0, 0, 10, 3), new(0, 0, 10, 1), new(50, 50, 60, 60)];
        var m = AnchorMatcher.Match(anchors, [Truth]);
        Assert.Equal([0, AnchorMatcher.Background, AnchorMatcher.Background], m);
    }

    [Fact]
    public void Match_TwoTruths_AnchorTakesHigherIoU()
    {
        BoxF other = new(0, 0, 10, 12); // IoU with anchor [0,0,10,11]: 110/120 = 0.917; Truth: 100/110 = 0.909
        var m = AnchorMatcher.Match([new BoxF(0, 0, 10, 11)], [Truth, other]);
        Assert.Equal([1], m);
    }

    [Fact]
    public void Encode_PlusOneConvention_MatchesHandComputedDeltas()
    {
        // anchor [0,0,9,9]: w = 10, ctr 5; box [2,0,21,9]: w = 20, ctr 12 → dx = 0.7, dy = 0, dw = ln 2, dh = 0
        Span<float> d = stackalloc float[4];
        BoxCoder.Encode(new BoxF(0, 0, 9, 9), new BoxF(2, 0, 21, 9), d);
        Assert.Equal(0.7f, d[0], 5);
        Assert.Equal(0f, d[1], 5);
        Assert.Equal(MathF.Log(2), d[2], 5);
        Assert.Equal(0f, d[3], 5);
    }
}
