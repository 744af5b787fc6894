using System.Text.Json;
using RetinaNet.Edge.Toolkit.Cli;
using RetinaNet.Edge.Vision.Data;

namespace RetinaNet.Edge.Toolkit.Tests.Adaptation;

/// <summary><c>label</c> and <c>adapt</c> at tiny scale on real footage (vtest.avi) with the committed teacher: CI has
/// no time to train the real model, so adapt starts from a small untrained export and trains two steps; every stage
/// (record from a file, label, import, fine-tune, export, int8, evaluate, report) runs for real.</summary>
[Collection("torch")]
public class AdaptSmokeTests
{
    private static string Teacher => Path.Combine(RepoPaths.Root, "models", "teacher", "nanodet.onnx");

    [Fact]
    public void Label_VtestFrames_WritesWalkersAsCoco()
    {
        var dir = RepoPaths.TempFolder("label");
        Assert.Equal(0, ToolkitCli.Run(["label", "--teacher", Teacher, "--video", Labelling.TeacherImportTests.Vtest, "--out", dir, "--to", "40", "--every", "10"]));
        var coco = CocoDataset.Load(Path.Combine(dir, "annotations.json"));
        Assert.Equal(4, coco.Images.Count);
        Assert.Equal(["person", "bicycle", "car", "motorcycle", "bus", "truck"], coco.Categories.Select(c => c.Name));
        int people = coco.Annotations.Count(a => a.CategoryId == 1);
        Assert.InRange(people / 4.0, 3, 8); // three to six walkers are in view in vtest's first seconds
        Assert.True(File.ReadAllLines(Path.Combine(dir, "tracks.txt")).Length >= 40 * 3);
        Assert.Equal(2, ToolkitCli.Run(["label", "--teacher", Teacher, "--video", Path.Combine(dir, "none.avi"), "--out", dir]));
        Assert.Equal(2, ToolkitCli.Run(["label", "--teacher", Teacher, "--video", Labelling.TeacherImportTests.Vtest, "--out", dir, "--classes", "person,van"]));
    }

    [Fact]
    public void Adapt_ShortClip_EndToEndWithReport()
    {
        var dir = RepoPaths.TempFolder("adapt");
        var clip = Path.Combine(dir, "clip.mkv");
        ExternalTool.Run("ffmpeg", "-loglevel", "error", "-y", "-i", Labelling.TeacherImportTests.Vtest, "-frames:v", "40", "-c:v", "libx264", "-preset", "ultrafast", clip);
        var baseModel = Path.Combine(dir, "base.onnx");
        Assert.Equal(0, ToolkitCli.Run(["export", "--untrained", "--preset", "edge-tiny", "--classes", "6", "--size", "192x128", "--out", baseModel]));
        var output = Path.Combine(dir, "out");
        Assert.Equal(0, ToolkitCli.Run(["adapt", "--video", clip, "--base", baseModel, "--teacher", Teacher, "--out", output,
            "--max-images", "10", "--epochs", "1", "--batch", "2", "--max-iterations", "2", "--threads", "2"]));
        Assert.True(File.Exists(Path.Combine(output, "model.onnx")));
        Assert.True(File.Exists(Path.Combine(output, "model-int8.onnx")));
        var report = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("| adapted |", report, StringComparison.Ordinal);
        Assert.Contains("held out [28, 40)", report, StringComparison.Ordinal);
        Assert.Equal(2, ToolkitCli.Run(["adapt", "--out", output]));
    }

    /// <summary>--stream through a real gst-rtsp-server (tools/rtsp_server.py) sending a clip with B-frames: joined
    /// mid-GOP, its first packets carry no timestamps and cannot be stored as they are, so the recording is encoded
    /// once instead (said in one line) and the run goes on.</summary>
    [Fact]
    public void Adapt_RtspStreamWithBFrames_RecordsAndAdapts()
    {
        var dir = RepoPaths.TempFolder("adapt-rtsp");
        var clip = Path.Combine(dir, "clip.mp4");
        ExternalTool.Run("ffmpeg", "-loglevel", "error", "-y", "-i", Labelling.TeacherImportTests.Vtest, "-frames:v", "300", "-c:v", "libx264", "-preset", "veryfast", "-bf", "3", clip);
        var baseModel = Path.Combine(dir, "base.onnx");
        Assert.Equal(0, ToolkitCli.Run(["export", "--untrained", "--preset", "edge-tiny", "--classes", "6", "--size", "192x128", "--out", baseModel]));
        int port;
        using (var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0)) { l.Start(); port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port; }
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(RepoPaths.Root, "tools", "rtsp_server.py"), clip, port.ToString(System.Globalization.CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        using var server = System.Diagnostics.Process.Start(psi)!;
        try
        {
            Assert.StartsWith("rtsp://", server.StandardOutput.ReadLine(), StringComparison.Ordinal); // printed once listening
            var output = Path.Combine(dir, "out");
            Assert.Equal(0, ToolkitCli.Run(["adapt", "--stream", $"rtsp://127.0.0.1:{port}/test", "--minutes", "0.15", "--base", baseModel, "--teacher", Teacher,
                "--out", output, "--max-images", "10", "--epochs", "1", "--batch", "2", "--max-iterations", "1", "--threads", "2"]));
            Assert.True(new FileInfo(Path.Combine(output, "recording.mkv")).Length > 10_000);
            Assert.Contains("| adapted |", File.ReadAllText(Path.Combine(output, "report.md")), StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
        }
    }
}
