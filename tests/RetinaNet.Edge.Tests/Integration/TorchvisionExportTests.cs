using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RetinaNet.Edge.Detect;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Integration;

/// <summary>tools/export_torchvision.py with Debian's python3-torchvision: torchvision's retinanet_resnet50_fpn with
/// random weights (class logits spread so that a few hundred boxes pass 0.05 on a real frame), exported to ONNX, run
/// through the agent's <c>detect</c>, compared with torchvision's own <c>postprocess_detections</c> on the same input.</summary>
public class TorchvisionExportTests(ITestOutputHelper output)
{
    [Fact]
    public void Export_RandomWeights_AgentDetectMatchesTorchvisionPostprocess()
    {
        var dir = RepoPaths.TempFolder("torchvision");
        var frame = Path.Combine(dir, "vtest0.png");
        ExternalTool.Run("ffmpeg", "-loglevel", "error", "-y", "-i", "/usr/share/doc/opencv-doc/examples/data/vtest.avi", "-frames:v", "1", "-vf", "scale=640:480", frame);
        var model = Path.Combine(dir, "tv.onnx");
        var reference = Path.Combine(dir, "reference.json");
        ExternalTool.Run("/usr/bin/python3", Path.Combine(RepoPaths.Root, "tools", "export_torchvision.py"), "--weights", "NONE", "--height", "480", "--width", "640", "--out", model,
            "--calibrate-image", frame, "--reference-image", frame, "--reference-out", reference);

        var ours = Detect(model, frame, Path.Combine(dir, "ours.jsonl"), out _);
        using var json = JsonDocument.Parse(File.ReadAllText(reference));
        var scores = json.RootElement.GetProperty("scores").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var boxes = json.RootElement.GetProperty("boxes").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        var labels = json.RootElement.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.True(scores.Length >= 24, $"only {scores.Length} reference detections");
        Assert.Equal(scores.Length, ours.Count);
        double maxBox = 0, maxScore = 0;
        for (int i = 0; i < ours.Count; i++)
        {
            Assert.Equal(labels[i], ours[i].GetProperty("classId").GetInt32());
            maxScore = Math.Max(maxScore, Math.Abs(scores[i] - ours[i].GetProperty("score").GetSingle()));
            var b = ours[i].GetProperty("box");
            float[] o = [b.GetProperty("x1").GetSingle(), b.GetProperty("y1").GetSingle(), b.GetProperty("x2").GetSingle(), b.GetProperty("y2").GetSingle()];
            for (int k = 0; k < 4; k++) maxBox = Math.Max(maxBox, Math.Abs(o[k] - boxes[i][k]));
        }
        Assert.All(ours, d => Assert.DoesNotMatch("^class[0-9]+$", d.GetProperty("label").GetString())); // torchvision's COCO names from the metadata
        output.WriteLine($"torchvision retinanet_resnet50_fpn (random weights) at 640x480: {ours.Count} detections both, labels equal, max box error {maxBox:E2} px, max score error {maxScore:E2}");
        Assert.True(maxBox < 1e-3, $"max box error {maxBox}");
        Assert.True(maxScore < 1e-4, $"max score error {maxScore}");

        // The same file without the retinanet.* metadata: the agent tells logits (layout B) from the values and says so.
        var bare = Path.Combine(dir, "bare.onnx");
        ExternalTool.Run("/usr/bin/python3", "-c", "import onnx,sys; m=onnx.load(sys.argv[1]); del m.metadata_props[:]; onnx.save(m, sys.argv[2])", model, bare);
        var bareDetections = Detect(bare, frame, Path.Combine(dir, "bare.jsonl"), out var logs);
        Assert.Equal(ours.Count, bareDetections.Count);
        Assert.Contains(logs, r => r.Message.Contains("layout B is assumed", StringComparison.Ordinal) && r.Message.Contains("model.layout", StringComparison.Ordinal));

        // Told it is layout A (probabilities), the agent refuses the model at load instead of decoding garbage.
        var e = Assert.Throws<RetinaNet.Edge.Inference.ModelLoadException>(() => DetectCommand.Run(["--model", bare, "--layout", "A", "--out", Path.Combine(dir, "x.jsonl"), frame]));
        Assert.Contains("logits", e.Message, StringComparison.Ordinal);
        RepoPaths.Remove(dir); // 270 MB of ResNet-50 files
    }

    private static List<JsonElement> Detect(string model, string image, string outFile, out IReadOnlyList<FakeLogRecord> logs)
    {
        using var provider = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider));
        Assert.Equal(0, DetectCommand.Run(["--model", model, "--max-detections", "300", "--out", outFile, image], factory));
        logs = provider.Collector.GetSnapshot();
        return JsonDocument.Parse(File.ReadLines(outFile).First()).RootElement.GetProperty("detections").EnumerateArray().ToList();
    }
}
