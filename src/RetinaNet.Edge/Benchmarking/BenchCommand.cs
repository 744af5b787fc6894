using System.Text.Json;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Vision.Synthetic;

namespace RetinaNet.Edge.Benchmarking;

/// <summary><c>retinanet-edge bench</c>: the full pipeline on N synthetic cameras for a fixed time, measured in the
/// same run against three ceilings — a bare <c>session.Run</c> loop, a one-thread sequential loop, and decoding
/// alone — plus the scale sweep. Prints a report, writes JSON and a PNG latency histogram.</summary>
internal static partial class BenchCommand
{
    /// <summary>The command line as <c>retinanet-edge bench …</c> takes it (tests, scripts).</summary>
    public static async Task<int> RunAsync(string[] args) => await EdgeAgentCli.RunAsync(["bench", .. args]).ConfigureAwait(false);

    public static async Task<int> RunAsync(BenchArgs a)
    {
        var model = a.Model.Resolve(ToolHost.DemoModel);
        double seconds = a.Seconds;
        string outDir = Path.GetFullPath(a.Out);
        Directory.CreateDirectory(outDir);
        string video = a.Video is { } v ? Path.GetFullPath(v) : MakeVideo(outDir);
        var machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
        Console.WriteLine($"model {model.Path}\nvideo {video}\nmachine {machine}\n");

        if (a.Sweep) return await SweepAsync(model, video, seconds, outDir, machine).ConfigureAwait(false);
        if (a.Mjpeg) return await MjpegCostAsync(model, video, seconds, outDir, machine).ConfigureAwait(false);

        int cameras = a.Cameras;
        bool paced = a.Paced;
        double detectFps = a.DetectFps ?? (paced ? 5 : 240);
        int batch = Math.Min(cameras, Defaults.MaxBatch);

        var capture = CaptureCeiling(video, seconds / 3);
        Console.WriteLine($"capture-only ceiling (OpenCV decode, 1 thread):       {capture,8:F1} frames/s");
        var (inference, inputDesc) = InferenceCeiling(model, batch, seconds / 3);
        Console.WriteLine($"inference-only ceiling (session.Run, batch {batch}, {inputDesc}): {inference,8:F1} frames/s");
        var sequential = SequentialLoop(model, video, seconds / 2);
        Console.WriteLine($"sequential loop (read→preprocess→infer→decode→track): {sequential,8:F1} frames/s");
        var run = await PipelineAsync(model, video, cameras, seconds, paced, detectFps, decoderNice: a.DecoderNice).ConfigureAwait(false);
        Console.WriteLine();
        Report(run);
        Console.WriteLine($"\npipeline ÷ inference-only ceiling: {run.FramesPerSecond / inference:F3}");
        Console.WriteLine($"pipeline ÷ sequential loop:        {run.FramesPerSecond / sequential:F2}×");
        Console.WriteLine($"pipeline ÷ capture-only ceiling:   {run.FramesPerSecond / capture:F3}  (per camera: {run.FramesPerSecond / cameras / capture:F3})");
        Console.WriteLine($"\nsum of stages (each stage alone, CPU-seconds per frame; intra-op spinning {(model.Inference.IntraOpSpinning ? "on" : "off")}):");
        var stages = SumOfStages.Measure(model, video, batch, run.EventsPerSecond / Math.Max(1e-9, run.FramesPerSecond), run.FramesPerSecond, Math.Max(2, seconds / 6), Console.Out);
        Console.WriteLine($"pipeline ÷ sum-of-stages limit:    {run.FramesPerSecond / stages.LimitFps:F3}");

        var result = new
        {
            date = DateTimeOffset.UtcNow, machine, model = model.Path, video, cameras, paced, detectFps, seconds,
            ceilings = new { captureFps = capture, inferenceFps = inference, inferenceBatch = batch, sequentialFps = sequential },
            pipeline = run,
            sumOfStages = new { stages.Stages, stages.TotalCpuMsPerFrame, stages.LimitFps, stages.Cores, intraOpSpinning = model.Inference.IntraOpSpinning },
            ratios = new
            {
                toInferenceCeiling = run.FramesPerSecond / inference, toSequential = run.FramesPerSecond / sequential, toCaptureCeiling = run.FramesPerSecond / capture,
                toSumOfStages = run.FramesPerSecond / stages.LimitFps,
            },
        };
        var json = Path.Combine(outDir, "bench.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(result, Hosting.JsonOutput.Indented)).ConfigureAwait(false);
        var png = Path.Combine(outDir, "bench-latency.png");
        HistogramPlot.Write(png, $"latency, {cameras} camera(s), {run.FramesPerSecond:F1} frames/s", run.Samples);
        var csv = Path.Combine(outDir, "frames.csv");
        await File.WriteAllLinesAsync(csv, FrameTrace.Csv(run.Frames)).ConfigureAwait(false);
        Console.WriteLine($"\nwrote {json}, {png} and {csv}");
        return 0;
    }

    internal sealed record CameraFigures(string Name, long FramesIn, long FramesProcessed, long FramesDropped);

    internal sealed record PipelineRun(int Cameras, double Seconds, double FramesPerSecond, double EventsPerSecond, CameraFigures[] PerCamera,
        Percentiles QueueWait, Percentiles Inference, Percentiles TrackingAndEvents, Percentiles CaptureToTracked, Percentiles CaptureToPublish,
        double CpuPercent, double PeakRssMiB, double SteadyRssMiB, long FramesDropped)
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public IReadOnlyList<(string, IReadOnlyList<double>)> Samples { get; init; } = [];

        /// <summary>Every frame processed in the measured window.</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public IReadOnlyList<FrameTrace> Frames { get; init; } = [];

        /// <summary>How late the decoder children delivered the frames (0 for sources read in the process).</summary>
        public Percentiles DecoderLag { get; init; } = Percentiles.Of([]);

        /// <summary>Stream → publish at p99, bounded from above: the decoder's lag p99 plus capture → publish p99
        /// (capture → publish starts when the frame leaves the decoder).</summary>
        public double StreamToPublishP99 => DecoderLag.P99 + CaptureToPublish.P99;

        /// <summary>The sweeps' rule for "in real time": ≥ 97 % of the frames wanted processed, none dropped, and
        /// stream → publish p99 ≤ 250 ms.</summary>
        public bool RealTime(double wanted) => FramesPerSecond >= 0.97 * wanted && FramesDropped == 0 && StreamToPublishP99 <= 250;
    }

    private static void Report(PipelineRun r)
    {
        Console.WriteLine($"pipeline: {r.Cameras} camera(s), {r.Seconds:F0} s: {r.FramesPerSecond:F1} frames/s processed, {r.EventsPerSecond:F1} events/s, {r.FramesDropped} dropped");
        foreach (var c in r.PerCamera) Console.WriteLine($"  {c.Name}: in {c.FramesIn}, processed {c.FramesProcessed}, dropped {c.FramesDropped}");
        Console.WriteLine($"  decoder lag         {r.DecoderLag}");
        Console.WriteLine($"  queue wait          {r.QueueWait}");
        Console.WriteLine($"  preprocess+infer    {r.Inference}");
        Console.WriteLine($"  tracking + events   {r.TrackingAndEvents}");
        Console.WriteLine($"  capture → tracked   {r.CaptureToTracked}");
        Console.WriteLine($"  capture → publish   {r.CaptureToPublish}");
        Console.WriteLine($"  CPU {r.CpuPercent:F0} % of {Environment.ProcessorCount} cores; RSS peak {r.PeakRssMiB:F0} MiB, steady {r.SteadyRssMiB:F0} MiB");
    }

    private static string MakeVideo(string outDir)
    {
        var dir = Path.Combine(outDir, "video");
        var path = Path.Combine(dir, "video.avi");
        if (!File.Exists(path)) new VideoGenerator(new VideoSettings { Seconds = 20, Fps = 15 }).Write(dir, seed: 7);
        return path;
    }
}
