using System.Text.Json;
using RetinaNet.Edge.Benchmarking;
using RetinaNet.Edge.Evaluation;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Integration;

/// <summary>The eval and bench commands run inside the test process and measure its process tree: alone (the timing
/// collection), so that other tests' ffmpeg children neither add to their figures nor, when reaped, take from them.</summary>
[Collection("timing")]
public class EvalAndBenchTests(SyntheticVideo video, ITestOutputHelper output)
{
    [Fact]
    public async Task EvalMot_SyntheticFile_TracksScoredAgainstGroundTruth()
    {
        var (m, fps) = await EvalCommand.MotAsync(RepoPaths.DemoModel, video.Folder, rtsp: false, minVisibility: 0.3f);
        output.WriteLine($"{m} at {fps:F1} frames/s");
        Assert.True(m.TruthBoxes > 500);
        Assert.True(m.Mota >= 0.7, $"MOTA {m.Mota:F3}");
        Assert.True(m.Idf1 >= 0.7, $"IDF1 {m.Idf1:F3}");
    }

    private static readonly Lazy<string> CaptureOut = new(() => RepoPaths.TempFolder("bench-capture"));

    /// <summary>The capture bench on a short camera-like H.264 clip, with both software decoders: every figure is
    /// measured (decoder children included), none is made up.</summary>
    [Theory]
    [InlineData("ffmpeg")]
    [InlineData("gstreamer")]
    public async Task BenchCapture_ShortRun_CoresForEveryPart(string decoder)
    {
        var outDir = CaptureOut.Value; // both decoders on one clip (the command makes it once per folder: 60 s)
        int code = await BenchCommand.RunAsync(["capture", "--model", RepoPaths.DemoModel, "--size", "640x360", "--fps", "15", "--decoder", decoder, "--seconds", "2", "--warmup", "2", "--out", outDir]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "capture.json")));
        var row = json.RootElement.GetProperty("rows")[0];
        output.WriteLine(row.ToString());
        foreach (var key in new[] { "decoderAloneCores", "capturePathCores", "inferenceAloneCores", "wholeAgentCores" })
            Assert.True(row.GetProperty(key).GetDouble() > 0, key);
        Assert.True(row.GetProperty("framesProcessedPerSecond").GetDouble() > 3, "the camera was processed at about detectFps 5");
    }

    [Fact]
    public async Task Bench_ShortRun_WritesReportJsonAndHistogram()
    {
        var outDir = RepoPaths.TempFolder("bench");
        int code = await BenchCommand.RunAsync(["--model", RepoPaths.DemoModel, "--video", video.Path, "--cameras", "2", "--seconds", "3", "--out", outDir]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "bench.json")));
        var root = json.RootElement;
        Assert.True(root.GetProperty("ceilings").GetProperty("inferenceFps").GetDouble() > 0);
        Assert.True(root.GetProperty("ceilings").GetProperty("sequentialFps").GetDouble() > 0);
        Assert.True(root.GetProperty("pipeline").GetProperty("FramesPerSecond").GetDouble() > 0);
        Assert.True(root.GetProperty("pipeline").GetProperty("CaptureToTracked").GetProperty("Count").GetInt32() > 0);
        Assert.True(new FileInfo(Path.Combine(outDir, "bench-latency.png")).Length > 1000);
        // One line per processed frame: both cameras, frame numbers from the file's own clock, times in order.
        var frames = (await File.ReadAllLinesAsync(Path.Combine(outDir, "frames.csv"))).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(root.GetProperty("pipeline").GetProperty("CaptureToTracked").GetProperty("Count").GetInt32(), frames.Count);
        Assert.Equal(["cam1", "cam2"], frames.Select(f => f[0]).Distinct().Order());
        var times = frames.Select(f => double.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);
    }
}
