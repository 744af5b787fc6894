using BenchmarkDotNet.Attributes;
using OpenCvSharp;
using RetinaNet.Edge.Vision.Imaging;

namespace RetinaNet.Edge.Benchmarks;

/// <summary>1920×1080 BGR frame → 640×480 letterboxed, normalized RGB CHW float tensor.</summary>
[MemoryDiagnoser]
public class PreprocessBenchmarks : IDisposable
{
    private Mat _frame = new();
    private readonly Preprocessor _pre = new(640, 480, ResizeMode.Letterbox);
    private readonly float[] _tensor = new float[3 * 640 * 480];

    [GlobalSetup]
    public void Setup()
    {
        _frame = new Mat(1080, 1920, MatType.CV_8UC3);
        Cv2.Randu(_frame, Scalar.All(0), Scalar.All(255));
    }

    [Benchmark]
    public float Preprocess1080pTo640x480() => _pre.Run(_frame, _tensor).ScaleX;

    [GlobalCleanup]
    public void Cleanup() => Dispose();

    public void Dispose()
    {
        _frame.Dispose();
        _pre.Dispose();
        GC.SuppressFinalize(this);
    }
}
