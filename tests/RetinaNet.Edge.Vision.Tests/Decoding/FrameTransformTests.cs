using RetinaNet.Edge.Vision.Geometry;
using RetinaNet.Edge.Vision.Imaging;

namespace RetinaNet.Edge.Vision.Tests.Decoding;

public class FrameTransformTests
{
    [Fact]
    public void Letterbox_640x360Into384x256_ScalesAndPadsVertically()
    {
        // scale = min(384/640, 256/360) = 0.6 → content 384×216, padded (256 − 216)/2 = 20 above.
        var t = FrameTransform.Create(640, 360, 384, 256, ResizeMode.Letterbox);
        Assert.Equal((384, 216), t.ContentSize);
        Assert.Equal(20, t.PadY);
        var back = t.ToSource(new BoxF(60, 80, 120, 140));
        RawHeadDecoderTests.AssertBox(new BoxF(100, 100, 200, 200), back);
    }

    [Fact]
    public void Stretch_MapsEachAxisIndependently()
    {
        var t = FrameTransform.Create(1000, 500, 100, 100, ResizeMode.Stretch);
        RawHeadDecoderTests.AssertBox(new BoxF(100, 50, 500, 250), t.ToSource(new BoxF(10, 10, 50, 50)));
    }

    [Fact]
    public void ToSource_BoxInPadding_ClampedToFrame()
    {
        var t = FrameTransform.Create(640, 360, 384, 256, ResizeMode.Letterbox);
        var b = t.ToSource(new BoxF(0, 0, 10, 10));
        Assert.Equal(0, b.Y1);
        Assert.Equal(0, b.Y2);
    }
}
