using RetinaNet.Edge.Vision.Decoding;

namespace RetinaNet.Edge.Vision.Tests.Decoding;

public class ReducedClassMapTests
{
    private static readonly (int H, int W)[] Levels = [(32, 48), (16, 24), (8, 12), (4, 6), (2, 3)];

    [Fact]
    public void AddReducedLevel_OneClassPerAnchor_SameDetectionsAsFullMaps()
    {
        // Maps where each anchor scores one class at most: reducing to (max, argmax) loses nothing, so both paths must
        // decode the very same detections in the same order.
        const int k = 5;
        var rng = new Random(7);
        var full = new RawHeadDecoder(new DecoderSettings { Layout = OutputLayout.A, NumClasses = k, MaxDetections = 300 });
        var reduced = new RawHeadDecoder(new DecoderSettings { Layout = OutputLayout.A, NumClasses = k, MaxDetections = 300, ClassReduced = true });
        full.Begin(384, 256);
        reduced.Begin(384, 256);
        for (int l = 0; l < Levels.Length; l++)
        {
            int hw = Levels[l].H * Levels[l].W;
            var cls = new float[9 * k * hw];
            var best = new float[9 * hw];
            var which = new int[9 * hw];
            for (int a = 0; a < 9; a++)
                for (int p = 0; p < hw; p++)
                {
                    int c = rng.Next(k);
                    float s = rng.NextDouble() < 0.05 ? 0.05f + 0.9f * (float)rng.NextDouble() : 0.01f * (float)rng.NextDouble();
                    cls[(a * k + c) * hw + p] = s;
                    best[a * hw + p] = s;
                    which[a * hw + p] = c;
                }
            var box = Enumerable.Range(0, 36 * hw).Select(_ => (float)(rng.NextDouble() - 0.5) * 0.4f).ToArray();
            full.AddLevel(l, cls, box, Levels[l].H, Levels[l].W);
            reduced.AddReducedLevel(l, best, which, box, Levels[l].H, Levels[l].W);
        }
        var a1 = full.Finish().ToArray();
        var a2 = reduced.Finish().ToArray();
        Assert.True(a1.Length > 50);
        Assert.Equal(a1, a2);
    }

    [Fact]
    public void AddReducedLevel_WrongMapSize_ThrowsNamingTheLevel()
    {
        var d = new RawHeadDecoder(new DecoderSettings { Layout = OutputLayout.A, NumClasses = 3, ClassReduced = true });
        d.Begin(384, 256);
        var e = Assert.Throws<ArgumentException>(() => d.AddReducedLevel(2, new float[10], new int[10], new float[36 * 96], 8, 12));
        Assert.Contains("level 2", e.Message, StringComparison.Ordinal);
    }
}
