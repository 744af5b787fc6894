using RetinaNet.Edge.Evaluation;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Vision.Evaluation;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Integration;

/// <summary>The shipped street model on real footage it never trained on: the hand-checked ground truth of vtest.avi's
/// last 30 % (data/vtest-heldout: 40 frames, 290 people, 80 vehicle boxes, track ids). COCO AP of the int8 and float
/// files through the agent's own preprocessing and decoding, and MOT metrics of the whole agent (capture → ByteTrack
/// → events) on the held-out stretch. Bounds sit a little under the figures measured at commit time (README).</summary>
[Collection("timing")]
public class RealFootageAccuracyTests(ITestOutputHelper output)
{
    private static string Data => Path.Combine(RepoPaths.Root, "data", "vtest-heldout");
    private static string Model(string name) => Path.Combine(RepoPaths.Root, "models", name);

    [Theory]
    [InlineData("retinanet-street-int8.onnx")]
    [InlineData("retinanet-street.onnx")]
    public void EvalCoco_HeldOutVtestFrames_PeopleAndVehiclesFound(string model)
    {
        var (data, results) = EvalCommand.CocoResults(ToolModel.Of(Model(model)), Path.Combine(Data, "annotations.json"));
        var perClass = CocoEvaluator.PerCategory(data, results).ToDictionary(c => c.Name, c => c.Metrics);
        foreach (var (name, m) in perClass) output.WriteLine($"{model} {name}: {m}");
        Assert.True(perClass["person"].Ap50 >= 0.88, $"person AP50 {perClass["person"].Ap50:F3}");
        Assert.True(perClass["car"].Ap50 >= 0.9, $"car AP50 {perClass["car"].Ap50:F3}");
        Assert.True(perClass["truck"].Ap50 >= 0.9, $"truck (the van) AP50 {perClass["truck"].Ap50:F3}");
    }

    [Fact]
    public async Task EvalMot_HeldOutVtestStretch_WalkersTracked()
    {
        // The held-out stretch as the eval's video (frame 1 = vtest frame 556), as tools/teacher/make_ground_truth.py makes it.
        var folder = RepoPaths.TempFolder("vtest-mot");
        Directory.CreateDirectory(Path.Combine(folder, "gt"));
        foreach (var f in new[] { "gt.txt", "frames.txt" }) File.Copy(Path.Combine(Data, "mot", "gt", f), Path.Combine(folder, "gt", f));
        ExternalTool.Run("ffmpeg", "-loglevel", "error", "-y", "-i", "/usr/share/doc/opencv-doc/examples/data/vtest.avi", "-vf", "select=gte(n\\,556)",
            "-vsync", "0", "-c:v", "mjpeg", "-q:v", "2", Path.Combine(folder, "video.avi"));
        var (m, fps) = await EvalCommand.MotAsync(Model("retinanet-street-int8.onnx"), folder, rtsp: false, minVisibility: 0.3f);
        output.WriteLine($"{m} at {fps:F1} frames/s");
        Assert.Equal(370, m.TruthBoxes);
        Assert.True(m.Mota >= 0.65, $"MOTA {m.Mota:F3}"); // 0.735 measured
        Assert.True(m.Idf1 >= 0.45, $"IDF1 {m.Idf1:F3}"); // 0.540 measured: crossing walkers swap ids (README)
    }
}
