using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Toolkit.Export;
using RetinaNet.Edge.Toolkit.Model;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Geometry;
using RetinaNet.Edge.Vision.Synthetic;

namespace RetinaNet.Edge.Toolkit.Tests.Agent;

/// <summary>What the toolkit exports is what the agent runs: a zoo-style file (retinanet-9.onnx conventions) and the
/// shipped demo model, loaded by the agent's <see cref="OnnxDetector"/>.</summary>
[Collection("torch")]
public class ExportedModelInAgentTests
{
    private static AgentConfig Config(string model) => new(new AgentOptions { Inference = new InferenceOptions { Providers = [RetinaNet.Edge.Inference.ExecutionProvider.Cpu] } }, [], Path.GetTempPath(), model);

    [Fact]
    public void OnnxDetector_ZooStyleModel_LoadsAsLayoutAWithCocoLabels()
    {
        // The zoo's retinanet-9.onnx: input `input` [1,3,480,640], outputs output1..output10, 80 classes, no metadata.
        TorchSharp.torch.manual_seed(3);
        var config = RetinaNetConfig.Preset("resnet18-fpn", 80) with { Width = 16, FpnChannels = 32, HeadDepth = 1, InputWidth = 640, InputHeight = 480 };
        using var model = new RetinaNetModel(config);
        model.eval();
        var path = Path.Combine(RepoPaths.TempFolder("zoo"), "retinanet-9-like.onnx");
        RetinaNetOnnxExporter.Write(model, Enumerable.Range(0, 80).Select(i => $"c{i}").ToArray(), path, OnnxExportOptions.Zoo);

        using var detector = RetinaNet.Edge.Hosting.ToolHost.Detector(Config(path), NullLogger.Instance);
        Assert.Equal(OutputLayout.A, detector.Model.Layout);
        Assert.Equal("person", detector.Model.Labels[0]);
        Assert.Equal(80, detector.Model.Labels.Count);
        Assert.Equal((640, 480), (detector.Model.InputWidth, detector.Model.InputHeight));
        Assert.Equal(1, detector.MaxBatch); // fixed batch: no cross-camera batching
        using var pool = new FramePool();
        var frame = pool.Rent();
        using (var img = new Mat(720, 1280, MatType.CV_8UC3, Scalar.All(90))) img.CopyTo(frame.Image);
        int calls = 0;
        detector.Detect([frame], (i, dets) => { calls++; foreach (var d in dets) Assert.InRange(d.Box.X2, 0, 1280); });
        Assert.Equal(1, calls);
    }

    [Fact]
    public void DemoModel_SyntheticScene_FindsEveryObjectWithItsLabel()
    {
        Assert.True(File.Exists(RepoPaths.DemoModel), $"the demo model is missing: {RepoPaths.DemoModel}");
        using var detector = RetinaNet.Edge.Hosting.ToolHost.Detector(Config(RepoPaths.DemoModel), NullLogger.Instance);
        Assert.Equal(ShapeCatalog.Names, detector.Model.Labels);
        using var backgrounds = new Backgrounds();
        var generator = new SceneGenerator(backgrounds, new SceneSettings { Width = 640, Height = 360, MinSize = 30, MaxObjects = 6 });
        using var pool = new FramePool();
        int found = 0, total = 0;
        for (int seed = 100; seed < 110; seed++)
        {
            var (image, truth) = generator.Render(new Random(seed));
            var frame = pool.Rent();
            using (image) image.CopyTo(frame.Image);
            detector.Detect([frame], (_, dets) =>
            {
                foreach (var (box, kind) in truth)
                {
                    total++;
                    if (dets.ToArray().Any(d => d.Score >= 0.5f && d.ClassId == (int)kind && BoxF.IoU(d.Box, box) >= 0.5f)) found++;
                }
            });
            frame.Release();
        }
        Console.WriteLine($"demo model: {found}/{total} objects found at score ≥ 0.5, IoU ≥ 0.5");
        Assert.True(found >= 0.9 * total, $"only {found} of {total} objects found");
    }
}
