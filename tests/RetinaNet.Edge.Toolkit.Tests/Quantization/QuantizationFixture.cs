using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Toolkit.Quantization;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Synthetic;

namespace RetinaNet.Edge.Toolkit.Tests.Quantization;

/// <summary>The shipped demo model quantized once for the class: calibrated on 32 synthetic images (seed 3), compared
/// on 12 others (seed 4) — the demo's own data distribution, neither set the model's validation set.</summary>
public sealed class QuantizationFixture : IDisposable
{
    public QuantizationFixture()
    {
        var root = RepoPaths.TempFolder("quantize");
        Calibration = Path.Combine(root, "cal");
        SyntheticDataset.Write(Calibration, 32, 3, new SceneSettings { Width = 384, Height = 256 });
        using var log = new StringWriter();
        Int8Path = Path.Combine(root, "demo-int8.onnx");
        StaticQuantizer.Write(StaticQuantizer.Quantize(RepoPaths.DemoModel, new QuantizeOptions(Path.Combine(Calibration, "annotations.json"), 32), log), Int8Path);
        Log = log.ToString();
        using var backgrounds = new Backgrounds();
        var generator = new SceneGenerator(backgrounds, new SceneSettings { Width = 384, Height = 256, MinSize = 20, MaxObjects = 6 });
        for (int seed = 4000; seed < 4012; seed++) Images.Add(generator.Render(new Random(seed)).Image);
    }

    public string Calibration { get; }
    public string Int8Path { get; }
    public string Log { get; }
    public List<Mat> Images { get; } = [];

    internal static List<Detection> Detect(string model, Mat image)
    {
        var config = new AgentConfig(new AgentOptions { Inference = new InferenceOptions { Providers = [RetinaNet.Edge.Inference.ExecutionProvider.Cpu] } }, [], Path.GetTempPath(), model);
        using var detector = RetinaNet.Edge.Hosting.ToolHost.Detector(config, NullLogger.Instance);
        using var pool = new FramePool();
        var frame = pool.Rent();
        image.CopyTo(frame.Image);
        var found = new List<Detection>();
        detector.Detect([frame], (_, d) => found.AddRange(d.ToArray()));
        frame.Release();
        return found;
    }

    public void Dispose() => Images.ForEach(i => i.Dispose());
}
