using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Imaging;

namespace RetinaNet.Edge.Tests.Decoding;

/// <summary>Layout C through the agent's detector: fixed end-to-end outputs (torchvision's boxes/scores/labels and
/// mmdeploy's dets/labels) mapped to the source frame, against torchvision's own <c>resize_boxes</c>
/// (tools/reference/end_to_end_reference.py).</summary>
public class EndToEndReferenceTests
{
    [Theory]
    [InlineData("torchvision", 480, 640, 720, 1280)]
    [InlineData("mmdeploy", 320, 320, 375, 500)]
    public void Detect_EndToEndOutputs_MatchTorchvisionResizeBoxes(string form, int netH, int netW, int srcH, int srcW)
    {
        var dir = RepoPaths.TempFolder("e2e");
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(RepoPaths.Root, "tools", "reference", "end_to_end_reference.py"), form, $"{netH}", $"{netW}", $"{srcH}", $"{srcW}", "4", dir })
            psi.ArgumentList.Add(a);
        using (var p = Process.Start(psi)!) { var err = p.StandardError.ReadToEnd(); p.WaitForExit(); Assert.True(p.ExitCode == 0, err); }

        var options = new AgentOptions { Model = new ModelOptions { Resize = ResizeMode.Stretch, MaxDetections = 100 }, Inference = new InferenceOptions { Providers = [ExecutionProvider.Cpu] } };
        using var detector = RetinaNet.Edge.Hosting.ToolHost.Detector(new AgentConfig(options, [], dir, Path.Combine(dir, "model.onnx")), NullLogger.Instance);
        Assert.Equal(OutputLayout.C, detector.Model.Layout);
        using var pool = new FramePool();
        var frame = pool.Rent();
        using (var image = new Mat(srcH, srcW, MatType.CV_8UC3, Scalar.All(90))) image.CopyTo(frame.Image);
        Detection[] ours = [];
        detector.Detect([frame], (_, d) => ours = d.ToArray());

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "reference.json")));
        var boxes = json.RootElement.GetProperty("boxes").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        var scores = json.RootElement.GetProperty("scores").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var labels = json.RootElement.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.Equal(scores.Length, ours.Length);
        for (int i = 0; i < ours.Length; i++)
        {
            Assert.Equal(labels[i], ours[i].ClassId);
            Assert.Equal(scores[i], ours[i].Score);
            float[] o = [ours[i].Box.X1, ours[i].Box.Y1, ours[i].Box.X2, ours[i].Box.Y2];
            for (int k = 0; k < 4; k++) Assert.True(Math.Abs(o[k] - boxes[i][k]) < 1e-3, $"detection {i} coordinate {k}: {o[k]} vs {boxes[i][k]}");
        }
    }
}
