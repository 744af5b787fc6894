using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Vision.Tests.Decoding;

public class NmsTests
{
    [Fact]
    public void ClassWise_OverlapSameClass_SuppressesLowerScore()
    {
        // [0,0,10,10] vs [1,0,11,10]: IoU 90/110 = 0.818 > 0.5 → suppressed; a far box and another class survive.
        Detection[] dets =
        [
            new(new BoxF(1, 0, 11, 10), 0.8f, 0),
            new(new BoxF(0, 0, 10, 10), 0.9f, 0),
            new(new BoxF(1, 0, 11, 10), 0.7f, 1),
            new(new BoxF(50, 50, 60, 60), 0.6f, 0),
        ];
        int kept = Nms.ClassWise(dets, 0.5f, 100);
        Assert.Equal(3, kept);
        Assert.Equal([0.9f, 0.7f, 0.6f], dets[..kept].Select(d => d.Score));
    }

    [Fact]
    public void ClassWise_IoUBelowThreshold_KeepsBoth()
    {
        // [0,0,10,10] vs [5,0,15,10]: IoU 50/150 = 0.333 ≤ 0.5.
        Detection[] dets = [new(new BoxF(0, 0, 10, 10), 0.9f, 0), new(new BoxF(5, 0, 15, 10), 0.8f, 0)];
        Assert.Equal(2, Nms.ClassWise(dets, 0.5f, 100));
    }

    [Fact]
    public void ClassWise_PlusOneConvention_ChangesIoU()
    {
        // [0,0,9,9] vs [5,0,14,9]: plain IoU 36/126 = 0.286; with +1: 50/150 = 0.333. Threshold 0.3 separates them.
        Detection[] plain = [new(new BoxF(0, 0, 9, 9), 0.9f, 0), new(new BoxF(5, 0, 14, 9), 0.8f, 0)];
        Detection[] plusOne = [.. plain];
        Assert.Equal(2, Nms.ClassWise(plain, 0.3f, 100));
        Assert.Equal(1, Nms.ClassWise(plusOne, 0.3f, 100, plusOne: true));
    }

    [Fact]
    public void ClassWise_MaxDetections_KeepsBestOverall()
    {
        var dets = Enumerable.Range(0, 10).Select(i => new Detection(new BoxF(i * 20, 0, i * 20 + 10, 10), i / 10f, i % 3)).ToArray();
        int kept = Nms.ClassWise(dets, 0.5f, 3);
        Assert.Equal([0.9f, 0.8f, 0.7f], dets[..kept].Select(d => d.Score));
    }
}
