using RetinaNet.Edge.Vision.Anchors;

namespace RetinaNet.Edge.Vision.Tests.Anchors;

public class OdtkAnchorTests
{
    [Fact]
    public void CellAnchors_Stride8_MatchReferenceNote()
    {
        var a = OdtkAnchors.CellAnchors(8, AnchorSettings.Default);
        Assert.Equal(9 * 4, a.Length);
        Assert.Equal([-12f, -12f, 20f, 20f], a[..4]);
        Assert.Equal(-7.314f, a[4], 3);
        Assert.Equal(-18.627f, a[5], 3);
        Assert.Equal(15.314f, a[6], 3);
        Assert.Equal(26.627f, a[7], 3);
    }

    [Fact]
    public void CellAnchors_ScaleMajorOrder_SecondScaleStartsAtIndexThree()
    {
        var a = OdtkAnchors.CellAnchors(8, AnchorSettings.Default);
        float w = a[3 * 4 + 2] - a[3 * 4];
        Assert.Equal(32 * MathF.Pow(2, 1 / 3f), w, 3); // anchor 3 = scale 1, ratio 1
    }

    [Fact]
    public void LevelAnchors_ShiftByStride_AnchorMajorLayout()
    {
        var level = OdtkAnchors.LevelAnchors(16, 2, 3, AnchorSettings.Default);
        Assert.Equal(9 * 2 * 3, level.Length);
        var cell = OdtkAnchors.CellAnchors(16, AnchorSettings.Default);
        var b = level[(1 * 2 + 1) * 3 + 2]; // anchor 1, y 1, x 2
        Assert.Equal(cell[4] + 32, b.X1, 4);
        Assert.Equal(cell[5] + 16, b.Y1, 4);
    }
}
