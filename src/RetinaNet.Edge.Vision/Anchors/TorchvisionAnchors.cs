namespace RetinaNet.Edge.Vision.Anchors;

/// <summary>Anchors in torchvision's convention (layout B): sizes (x, int(x·2^(1/3)), int(x·2^(2/3))) for x = 32…512,
/// aspect ratios (0.5, 1, 2) with h = sqrt(ar)·size, w = size / sqrt(ar); ratio-major order a = r·3 + s;
/// base anchor rounded, centred on the cell's corner (no +0.5 shift).</summary>
public static class TorchvisionAnchors
{
    public static readonly float[] AspectRatios = [0.5f, 1.0f, 2.0f];

    public static int[] SizesForLevel(int baseSize) =>
        [baseSize, (int)(baseSize * Math.Pow(2, 1.0 / 3)), (int)(baseSize * Math.Pow(2, 2.0 / 3))];

    /// <summary>Base anchors of one level (x1,y1,x2,y2 quadruples), in torchvision's order.</summary>
    public static float[] CellAnchors(int baseSize)
    {
        var sizes = SizesForLevel(baseSize);
        var result = new float[AspectRatios.Length * sizes.Length * 4];
        int i = 0;
        foreach (var ar in AspectRatios)
        {
            float hRatio = MathF.Sqrt(ar), wRatio = 1f / hRatio;
            foreach (var size in sizes)
            {
                float ws = wRatio * size, hs = hRatio * size;
                result[i++] = MathF.Round(-ws / 2, MidpointRounding.ToEven);
                result[i++] = MathF.Round(-hs / 2, MidpointRounding.ToEven);
                result[i++] = MathF.Round(ws / 2, MidpointRounding.ToEven);
                result[i++] = MathF.Round(hs / 2, MidpointRounding.ToEven);
            }
        }
        return result;
    }

    /// <summary>Anchor sizes of P3…P7: 32, 64, 128, 256, 512.</summary>
    public static int BaseSizeOfLevel(int level) => 32 << level;
}
