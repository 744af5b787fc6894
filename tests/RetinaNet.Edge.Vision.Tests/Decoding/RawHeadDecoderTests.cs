using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Vision.Tests.Decoding;

public class RawHeadDecoderTests
{
    private const int A = 9;

    private static (float[] Cls, float[] Box) Maps(int k, int h, int w) => (new float[A * k * h * w], new float[A * 4 * h * w]);

    private static void Set(float[] map, int channel, int y, int x, int h, int w, float v) => map[(channel * h + y) * w + x] = v;

    [Fact]
    public void LayoutA_OneAnchor_MatchesHandDecodedBox()
    {
        // Input 64×64, P3 head 8×8 (stride 8). Anchor 0 (scale 4, ratio 1) at x=3, y=4: [12, 20, 44, 52];
        // "+1" width 33, centre (28.5, 36.5). Deltas (0.1, −0.2, 0, ln 0.5) → centre (31.8, 29.9), size 33 × 16.5
        // → [31.8 − 16.5, 29.9 − 8.25, 31.8 + 16.5 − 1, 29.9 + 8.25 − 1] = [15.3, 21.65, 47.3, 37.15].
        var decoder = new RawHeadDecoder(new DecoderSettings { Layout = OutputLayout.A, NumClasses = 1 });
        var (cls, box) = Maps(1, 8, 8);
        Set(cls, 0, 4, 3, 8, 8, 0.9f);
        Set(box, 0, 4, 3, 8, 8, 0.1f);
        Set(box, 1, 4, 3, 8, 8, -0.2f);
        Set(box, 3, 4, 3, 8, 8, MathF.Log(0.5f));
        decoder.Begin(64, 64);
        decoder.AddLevel(0, cls, box, 8, 8);
        var d = Assert.Single(decoder.Finish().ToArray());
        Assert.Equal(0.9f, d.Score);
        Assert.Equal(0, d.ClassId);
        AssertBox(new BoxF(15.3f, 21.65f, 47.3f, 37.15f), d.Box);
    }

    [Fact]
    public void LayoutA_ClassChannel_IsAnchorTimesKPlusClass()
    {
        // K = 3: channel 2·3 + 1 = 7 is anchor 2 (scale 4, ratio 0.5), class 1.
        var decoder = new RawHeadDecoder(new DecoderSettings { Layout = OutputLayout.A, NumClasses = 3 });
        var (cls, box) = Maps(3, 8, 8);
        Set(cls, 7, 0, 0, 8, 8, 0.7f);
        decoder.Begin(64, 64);
        decoder.AddLevel(0, cls, box, 8, 8);
        var d = Assert.Single(decoder.Finish().ToArray());
        Assert.Equal(1, d.ClassId);
        // Zero deltas decode to the anchor itself. Anchor 2: ratio 0.5 → w = sqrt(64/0.5)·4 = 45.25, h = 22.63;
        // corners 0.5·(8 ∓ size) = [−18.63, −7.31, 26.63, 15.31], clamped at 0.
        float w = MathF.Sqrt(128) * 4, h = w * 0.5f;
        AssertBox(new BoxF(0, 0, 0.5f * (8 + w), 0.5f * (8 + h)), d.Box);
    }

    [Fact]
    public void LayoutB_OneAnchor_MatchesHandDecodedBox()
    {
        // torchvision: anchor 4 = ratio 1, size 40: [−20, −20, 20, 20], at x=2, y=3 (stride 8): [−4, 4, 36, 44];
        // w 40, centre (16, 24). Deltas (0.25, 0, 0, ln 2) → centre (26, 24), size 40 × 80 → [6, −16, 46, 64] → clip [6, 0, 46, 64].
        var decoder = new RawHeadDecoder(new DecoderSettings { Layout = OutputLayout.B, NumClasses = 1 });
        var (cls, box) = Maps(1, 8, 8);
        Array.Fill(cls, -10f);
        Set(cls, 4, 3, 2, 8, 8, 2f);
        Set(box, 4 * 4 + 0, 3, 2, 8, 8, 0.25f);
        Set(box, 4 * 4 + 3, 3, 2, 8, 8, MathF.Log(2));
        decoder.Begin(64, 64);
        decoder.AddLevel(0, cls, box, 8, 8);
        var d = Assert.Single(decoder.Finish().ToArray());
        Assert.Equal(1 / (1 + MathF.Exp(-2)), d.Score, 5);
        AssertBox(new BoxF(6, 0, 46, 64), d.Box);
    }

    [Fact]
    public void LayoutB_LargeDelta_ClampedAtLog1000Over16()
    {
        var decoder = new RawHeadDecoder(new DecoderSettings { Layout = OutputLayout.B, NumClasses = 1 });
        var (cls, box) = Maps(1, 8, 8);
        Array.Fill(cls, -10f);
        Set(cls, 4, 4, 4, 8, 8, 3f);
        Set(box, 4 * 4 + 2, 4, 4, 8, 8, 50f); // exp(50) would overflow the box; clamped to 1000/16 × 40 = 2500 wide
        decoder.Begin(6000, 6000);
        decoder.AddLevel(0, cls, box, 8, 8);
        var d = Assert.Single(decoder.Finish().ToArray());
        Assert.Equal(2500f, d.Box.Width, 1);
    }

    [Fact]
    public void Finish_TopKPerLevel_KeepsBestOnly()
    {
        var decoder = new RawHeadDecoder(new DecoderSettings { Layout = OutputLayout.A, NumClasses = 1, TopKPerLevel = 2, NmsThreshold = 1f });
        var (cls, box) = Maps(1, 8, 8);
        Set(cls, 0, 0, 0, 8, 8, 0.3f);
        Set(cls, 0, 0, 7, 8, 8, 0.6f);
        Set(cls, 0, 7, 0, 8, 8, 0.5f);
        decoder.Begin(64, 64);
        decoder.AddLevel(0, cls, box, 8, 8);
        Assert.Equal([0.6f, 0.5f], decoder.Finish().ToArray().Select(d => d.Score));
    }

    [Fact]
    public void AddLevel_RandomMap_KeepsExactlyTheValuesAboveThreshold()
    {
        // 9 anchors × 3 classes × 7 × 5 = 945 values (not a multiple of 8: the vector scan's tail runs too).
        var rng = new Random(5);
        var decoder = new RawHeadDecoder(new DecoderSettings { Layout = OutputLayout.A, NumClasses = 3, NmsThreshold = 1f, MaxDetections = 10_000 });
        var (cls, box) = Maps(3, 7, 5);
        for (int i = 0; i < cls.Length; i++) cls[i] = rng.NextDouble() < 0.05 ? 0.05f + (float)rng.NextDouble() * 0.9f : (float)rng.NextDouble() * 0.05f;
        decoder.Begin(40, 56);
        decoder.AddLevel(0, cls, box, 7, 5);
        var scores = decoder.Finish().ToArray().Select(d => d.Score).Order().ToArray();
        Assert.Equal(cls.Where(v => v > 0.05f).Order().ToArray(), scores);
    }

    internal static void AssertBox(BoxF expected, BoxF actual, float tolerance = 1e-3f)
    {
        Assert.InRange(actual.X1, expected.X1 - tolerance, expected.X1 + tolerance);
        Assert.InRange(actual.Y1, expected.Y1 - tolerance, expected.Y1 + tolerance);
        Assert.InRange(actual.X2, expected.X2 - tolerance, expected.X2 + tolerance);
        Assert.InRange(actual.Y2, expected.Y2 - tolerance, expected.Y2 + tolerance);
    }
}
