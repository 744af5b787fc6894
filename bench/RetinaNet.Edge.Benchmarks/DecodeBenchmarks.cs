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
    private float[][] _cls = [], _box = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _cls = Levels.Select(l => Enumerable.Range(0, 720 * l.H * l.W).Select(_ => rng.NextDouble() < 0.001 ? 0.05f + 0.9f * (float)rng.NextDouble() : 0.02f * (float)rng.NextDouble()).ToArray()).ToArray();
        _box = Levels.Select(l => Enumerable.Range(0, 36 * l.H * l.W).Select(_ => (float)(rng.NextDouble() - 0.5) * 0.4f).ToArray()).ToArray();
    }

    [Benchmark]
    public int DecodeAndNms()
    {
        _decoder.Begin(640, 480);
        for (int l = 0; l < Levels.Length; l++) _decoder.AddLevel(l, _cls[l], _box[l], Levels[l].H, Levels[l].W);
        return _decoder.Finish().Length;
    }
}
