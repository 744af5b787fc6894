using BenchmarkDotNet.Attributes;
using RetinaNet.Edge.Vision.Decoding;

namespace RetinaNet.Edge.Benchmarks;

/// <summary>Decode + NMS of full-size ResNet-50-FPN RetinaNet outputs at 640×480: 5 levels (60×80 … 4×5), 9 anchors,
/// 80 classes — 57,600 anchors × 80 scores at P3–P7 (4.6 M values), of which ~0.1 % pass 0.05 as with a trained model.</summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private static readonly (int H, int W)[] Levels = [(60, 80), (30, 40), (15, 20), (8, 10), (4, 5)];
    private readonly RawHeadDecoder _decoder = new(new DecoderSettings { Layout = OutputLayout.A, NumClasses = 80 });
    private readonly RawHeadDecoder _reducedDecoder = new(new DecoderSettings { Layout = OutputLayout.A, NumClasses = 80, ClassReduced = true });
    private float[][] _cls = [], _box = [], _best = [];
    private int[][] _class = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _cls = Levels.Select(l => Enumerable.Range(0, 720 * l.H * l.W).Select(_ => rng.NextDouble() < 0.001 ? 0.05f + 0.9f * (float)rng.NextDouble() : 0.02f * (float)rng.NextDouble()).ToArray()).ToArray();
        _box = Levels.Select(l => Enumerable.Range(0, 36 * l.H * l.W).Select(_ => (float)(rng.NextDouble() - 0.5) * 0.4f).ToArray()).ToArray();
        // The same maps reduced as the exporter's graph does (ReduceMax / ArgMax over the 80 classes of each anchor).
        _best = new float[Levels.Length][];
        _class = new int[Levels.Length][];
        for (int l = 0; l < Levels.Length; l++)
        {
            int hw = Levels[l].H * Levels[l].W;
            _best[l] = new float[9 * hw];
            _class[l] = new int[9 * hw];
            for (int a = 0; a < 9; a++)
                for (int p = 0; p < hw; p++)
                {
                    int best = 0;
                    for (int k = 1; k < 80; k++) if (_cls[l][(a * 80 + k) * hw + p] > _cls[l][(a * 80 + best) * hw + p]) best = k;
                    _best[l][a * hw + p] = _cls[l][(a * 80 + best) * hw + p];
                    _class[l][a * hw + p] = best;
                }
        }
    }

    [Benchmark]
    public int DecodeAndNms()
    {
        _decoder.Begin(640, 480);
        for (int l = 0; l < Levels.Length; l++) _decoder.AddLevel(l, _cls[l], _box[l], Levels[l].H, Levels[l].W);
        return _decoder.Finish().Length;
    }

    /// <summary>The same outputs from a class-reduced export (<c>retinanet.class_map = max</c>): 57,600 best-class scores
    /// and indices instead of 4.6 M scores.</summary>
    [Benchmark]
    public int DecodeAndNmsReducedClasses()
    {
        _reducedDecoder.Begin(640, 480);
        for (int l = 0; l < Levels.Length; l++) _reducedDecoder.AddReducedLevel(l, _best[l], _class[l], _box[l], Levels[l].H, Levels[l].W);
        return _reducedDecoder.Finish().Length;
    }
}
