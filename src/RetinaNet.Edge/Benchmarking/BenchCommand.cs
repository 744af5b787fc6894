using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Publishing;
using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Vision.Synthetic;

namespace RetinaNet.Edge.Benchmarking;

/// <summary><c>retinanet-edge bench</c>: the full pipeline on N synthetic cameras for a fixed time, measured in the
/// same run against three ceilings — a bare <c>session.Run</c> loop, a one-thread sequential loop, and decoding
/// alone — plus the scale sweep. Prints a report, writes JSON and a PNG latency histogram.</summary>
internal static class BenchCommand
{
    public const string Usage = """
        bench [MODEL OPTIONS] [--video FILE] [--cameras N] [--seconds S] [--paced] [--detect-fps F] [--out DIR]
        bench --sweep [--model M.onnx] [--seconds S] [--out DIR]     cameras 1, 2, 4, 8, 16 at 5 detect-fps, paced
        bench --mjpeg [--model M.onnx] [--seconds S] [--out DIR]     CPU cost of one watched MJPEG live view
        """ + OutboxBench.Usage + "\n  MODEL OPTIONS: " + ModelArguments.Usage + """

        """;

    /// <summary>The command line as <c>retinanet-edge bench …</c> takes it (tests, scripts).</summary>
    public static async Task<int> RunAsync(string[] args) => await EdgeAgentCli.RunAsync(["bench", .. args]).ConfigureAwait(false);

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> o)
    {
        var model = ModelArguments.Parse(o, ToolHost.FindInRepository("models/retinanet-edge-demo.onnx") ?? "models/retinanet-edge-demo.onnx");
        double seconds = double.Parse(o.GetValueOrDefault("seconds", "20"), CultureInfo.InvariantCulture);
        string outDir = Path.GetFullPath(o.GetValueOrDefault("out", "bench-results"));
        Directory.CreateDirectory(outDir);
        string video = o.TryGetValue("video", out var v) ? Path.GetFullPath(v) : MakeVideo(outDir);
        var machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
        Console.WriteLine($"model {model.Path}\nvideo {video}\nmachine {machine}\n");

        if (o.ContainsKey("sweep")) return await SweepAsync(model, video, seconds, outDir, machine).ConfigureAwait(false);
        if (o.ContainsKey("mjpeg")) return await MjpegCostAsync(model, video, seconds, outDir, machine).ConfigureAwait(false);

        int cameras = int.Parse(o.GetValueOrDefault("cameras", "2"), CultureInfo.InvariantCulture);
        bool paced = o.ContainsKey("paced");
        double detectFps = double.Parse(o.GetValueOrDefault("detect-fps", paced ? "5" : "240"), CultureInfo.InvariantCulture);
        int batch = Math.Min(cameras, Defaults.MaxBatch);

        var capture = CaptureCeiling(video, seconds / 3);
        Console.WriteLine($"capture-only ceiling (OpenCV decode, 1 thread):       {capture,8:F1} frames/s");
        var (inference, inputDesc) = InferenceCeiling(model, batch, seconds / 3);
        Console.WriteLine($"inference-only ceiling (session.Run, batch {batch}, {inputDesc}): {inference,8:F1} frames/s");
        var sequential = SequentialLoop(model, video, seconds / 2);
        Console.WriteLine($"sequential loop (read→preprocess→infer→decode→track): {sequential,8:F1} frames/s");
        var run = await PipelineAsync(model, video, cameras, seconds, paced, detectFps).ConfigureAwait(false);
        Console.WriteLine();
        Report(run);
        Console.WriteLine($"\npipeline ÷ inference-only ceiling: {run.FramesPerSecond / inference:F3}");
        Console.WriteLine($"pipeline ÷ sequential loop:        {run.FramesPerSecond / sequential:F2}×");
        Console.WriteLine($"pipeline ÷ capture-only ceiling:   {run.FramesPerSecond / capture:F3}  (per camera: {run.FramesPerSecond / cameras / capture:F3})");

        var result = new
        {
            date = DateTimeOffset.UtcNow, machine, model = model.Path, video, cameras, paced, detectFps, seconds,
            ceilings = new { captureFps = capture, inferenceFps = inference, inferenceBatch = batch, sequentialFps = sequential },
            pipeline = run,
            ratios = new { toInferenceCeiling = run.FramesPerSecond / inference, toSequential = run.FramesPerSecond / sequential, toCaptureCeiling = run.FramesPerSecond / capture },
        };
        var json = Path.Combine(outDir, "bench.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(result, Hosting.JsonOutput.Indented)).ConfigureAwait(false);
        var png = Path.Combine(outDir, "bench-latency.png");
        HistogramPlot.Write(png, $"latency, {cameras} camera(s), {run.FramesPerSecond:F1} frames/s", run.Samples);
        Console.WriteLine($"\nwrote {json} and {png}");
        return 0;
    }

    internal sealed record CameraFigures(string Name, long FramesIn, long FramesProcessed, long FramesDropped);

    internal sealed record PipelineRun(int Cameras, double Seconds, double FramesPerSecond, double EventsPerSecond, CameraFigures[] PerCamera,
        Percentiles QueueWait, Percentiles Inference, Percentiles TrackingAndEvents, Percentiles CaptureToTracked, Percentiles CaptureToPublish,
        double CpuPercent, double PeakRssMiB, double SteadyRssMiB, long FramesDropped)
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public IReadOnlyList<(string, IReadOnlyList<double>)> Samples { get; init; } = [];
    }

    private static void Report(PipelineRun r)
    {
        Console.WriteLine($"pipeline: {r.Cameras} camera(s), {r.Seconds:F0} s: {r.FramesPerSecond:F1} frames/s processed, {r.EventsPerSecond:F1} events/s, {r.FramesDropped} dropped");
        foreach (var c in r.PerCamera) Console.WriteLine($"  {c.Name}: in {c.FramesIn}, processed {c.FramesProcessed}, dropped {c.FramesDropped}");
        Console.WriteLine($"  queue wait          {r.QueueWait}");
        Console.WriteLine($"  preprocess+infer    {r.Inference}");
        Console.WriteLine($"  tracking + events   {r.TrackingAndEvents}");
        Console.WriteLine($"  capture → tracked   {r.CaptureToTracked}");
        Console.WriteLine($"  capture → publish   {r.CaptureToPublish}");
        Console.WriteLine($"  CPU {r.CpuPercent:F0} % of {Environment.ProcessorCount} cores; RSS peak {r.PeakRssMiB:F0} MiB, steady {r.SteadyRssMiB:F0} MiB");
    }

    internal static async Task<PipelineRun> PipelineAsync(ToolModel model, string video, int cameras, double seconds, bool paced, double detectFps)
    {
        var cams = Enumerable.Range(1, cameras).Select(i => new CameraOptions
        {
            Name = $"cam{i}", Url = video, Loop = true, RealTime = paced, DetectFps = detectFps, QueueCapacity = 2,
        }).ToList();
        var config = ToolHost.ToolConfig(model, cams, "bench");
        var latency = new LatencyRecorder { Enabled = false };
        using var host = ToolHost.BuildAgent(config, latency);
        host.Services.GetRequiredService<MqttEventSink>().EventPublished += latency.OnPublished;
        await host.StartAsync().ConfigureAwait(false);
        var pipeline = host.Services.GetRequiredService<Pipeline.ICameraStatusSource>();
        var sink = host.Services.GetRequiredService<MqttEventSink>();
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, seconds / 4))).ConfigureAwait(false); // warm-up: model, JIT, broker
        var proc = Process.GetCurrentProcess();
        var start = Snapshot(pipeline, sink, proc);
        latency.Enabled = true;
        var rss = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            await Task.Delay(200).ConfigureAwait(false);
            proc.Refresh();
            rss.Add(proc.WorkingSet64 / 1048576.0);
        }
        latency.Enabled = false;
        var end = Snapshot(pipeline, sink, proc);
        double wall = clock.Elapsed.TotalSeconds;
        await host.StopAsync().ConfigureAwait(false);
        var per = end.Names.Select((name, i) => new CameraFigures(name, end.In[i] - start.In[i], end.Processed[i] - start.Processed[i], end.Dropped[i] - start.Dropped[i])).ToArray();
        return new PipelineRun(cameras, wall, per.Sum(c => c.FramesProcessed) / wall, (end.Published - start.Published) / wall, per,
            Percentiles.Of(latency.Queue), Percentiles.Of(latency.Inference), Percentiles.Of(latency.Tracking), Percentiles.Of(latency.CaptureToTracked), Percentiles.Of(latency.CaptureToPublish),
            (end.Cpu - start.Cpu).TotalSeconds / wall / Environment.ProcessorCount * 100, rss.Max(), rss.Skip(rss.Count / 2).Order().ElementAt(rss.Count / 4), per.Sum(c => c.FramesDropped))
        {
            Samples = [("queue wait", latency.Queue), ("preprocess + inference", latency.Inference), ("tracking + events", latency.Tracking), ("capture -> publish", latency.CaptureToPublish)],
        };
    }

    private sealed record Counters(string[] Names, long[] In, long[] Processed, long[] Dropped, long Published, TimeSpan Cpu);

    private static Counters Snapshot(Pipeline.ICameraStatusSource p, MqttEventSink sink, Process proc)
    {
        proc.Refresh();
        var cams = p.Snapshot();
        return new([.. cams.Select(c => c.Camera)], [.. cams.Select(c => c.FramesIn)], [.. cams.Select(c => c.FramesProcessed)],
            [.. cams.Select(c => c.FramesDropped)], sink.Published, proc.TotalProcessorTime);
    }

    /// <summary>Decoding alone: OpenCV reads the file (looping) as fast as it goes.</summary>
    internal static double CaptureCeiling(string video, double seconds)
    {
        using var cap = new VideoCapture(video);
        using var frame = new Mat();
        long n = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            if (!cap.Read(frame) || frame.Empty()) { cap.Set(VideoCaptureProperties.PosFrames, 0); continue; }
            n++;
        }
        return n / clock.Elapsed.TotalSeconds;
    }

    /// <summary>A bare <c>session.Run</c> loop: same model, input size, batch and thread settings as the pipeline.</summary>
    internal static (double Fps, string Input) InferenceCeiling(ToolModel model, int batch, double seconds)
    {
        using var so = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        using var session = new InferenceSession(model.Path, so);
        var (name, meta) = session.InputMetadata.First();
        int h = meta.Dimensions[2], w = meta.Dimensions[3];
        if (meta.Dimensions[0] > 0) batch = meta.Dimensions[0];
        var data = new float[batch * 3 * h * w];
        new Random(1).NextBytes(new byte[1]);
        for (int i = 0; i < data.Length; i++) data[i] = (i % 255) / 255f - 0.5f;
        using var input = OrtValue.CreateTensorValueFromMemory(data, [batch, 3, h, w]);
        using var run = new RunOptions();
        var outputs = session.OutputMetadata.Keys.ToArray();
        for (int i = 0; i < 3; i++) using (session.Run(run, [name], [input], outputs)) { }
        long n = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            using (session.Run(run, [name], [input], outputs)) { }
            n += batch;
        }
        return (n / clock.Elapsed.TotalSeconds, $"{w}x{h}");
    }

    /// <summary>Everything in one thread, one frame at a time: read → preprocess → infer → decode → track → events.</summary>
    internal static double SequentialLoop(ToolModel model, string video, double seconds)
    {
        var config = new AgentConfig(new AgentOptions { Model = model.Model, Inference = model.Inference }, [], model.BaseDirectory, model.Path);
        using var detector = new OnnxDetector(config, NullLogger.Instance);
        var tracker = new ByteTracker(new TrackerOptions());
        var events = new EventGenerator("seq", detector.Model.Labels, TimeSpan.FromSeconds(5));
        using var cap = new VideoCapture(video);
        using var pool = new FramePool();
        var frame = pool.Rent();
        var dets = new List<RetinaNet.Edge.Vision.Decoding.Detection>();
        long n = 0, bytes = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            if (!cap.Read(frame.Image) || frame.Image.Empty()) { cap.Set(VideoCaptureProperties.PosFrames, 0); continue; }
            dets.Clear();
            detector.Detect([frame], (_, d) => { foreach (var x in d) dets.Add(x); });
            var tracks = tracker.Update(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(dets), DateTimeOffset.UtcNow);
            events.Process(tracks, tracker.Ended, n, frame.Image.Width, frame.Image.Height, DateTimeOffset.UtcNow,
                e => bytes += JsonSerializer.SerializeToUtf8Bytes(e, EventJsonContext.Default.TrackEvent).Length, null);
            n++;
        }
        return n / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Cameras 1, 2, 4, 8, 16 at 5 detect-fps each, paced files: the largest count that keeps real time
    /// (≥ 97 % of the frames wanted, nothing dropped) with p99 capture → publish ≤ 250 ms, and cost per camera.</summary>
    private static async Task<int> SweepAsync(ToolModel model, string video, double seconds, string outDir, string machine)
    {
        var rows = new List<object>();
        int best = 0;
        Console.WriteLine("cameras  wanted/s  processed/s  dropped  p99 capture→publish  CPU %  RSS MiB  real time");
        foreach (int n in new[] { 1, 2, 4, 8, 16 })
        {
            var r = await PipelineAsync(model, video, n, seconds, paced: true, detectFps: 5).ConfigureAwait(false);
            double wanted = n * 5.0;
            bool ok = r.FramesPerSecond >= 0.97 * wanted && r.FramesDropped == 0 && r.CaptureToPublish.P99 <= 250;
            if (ok && best == n / 2 || ok && n == 1) best = n;
            Console.WriteLine($"{n,7}  {wanted,8:F0}  {r.FramesPerSecond,11:F1}  {r.FramesDropped,7}  {r.CaptureToPublish.P99,16:F1} ms  {r.CpuPercent,5:F0}  {r.SteadyRssMiB,7:F0}  {(ok ? "yes" : "no")}");
            rows.Add(new { cameras = n, wanted, processed = r.FramesPerSecond, dropped = r.FramesDropped, p99CaptureToPublishMs = r.CaptureToPublish.P99, cpuPercent = r.CpuPercent, steadyRssMiB = r.SteadyRssMiB, realTime = ok });
        }
        Console.WriteLine($"\nlargest camera count in real time (5 detect-fps, p99 ≤ 250 ms): {best}");
        var json = Path.Combine(outDir, "sweep.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { date = DateTimeOffset.UtcNow, machine, model = model.Path, seconds, rows, largestRealTime = best }, Hosting.JsonOutput.Indented)).ConfigureAwait(false);
        Console.WriteLine($"wrote {json}");
        return 0;
    }

    /// <summary>One paced camera at 15 detect-fps for S seconds unwatched, then S seconds with an HTTP client reading its
    /// MJPEG view (5 fps, quality 80): the difference in process CPU is the cost of the live view.</summary>
    private static async Task<int> MjpegCostAsync(ToolModel model, string video, double seconds, string outDir, string machine)
    {
        var cam = new CameraOptions { Name = "cam1", Url = video, Loop = true, RealTime = true, DetectFps = 15 };
        var config = ToolHost.ToolConfig(model, [cam], "bench", httpPort: ToolHost.FreePort());
        using var host = ToolHost.BuildAgent(config);
        await host.StartAsync().ConfigureAwait(false);
        await Task.Delay(3000).ConfigureAwait(false);
        var proc = Process.GetCurrentProcess();
        double Cpu()
        {
            proc.Refresh();
            var c0 = proc.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
            proc.Refresh();
            return (proc.TotalProcessorTime - c0).TotalSeconds / clock.Elapsed.TotalSeconds * 100;
        }
        double idle = Cpu();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{config.Agent.Http.Port}") };
        using var cts = new CancellationTokenSource();
        long bytes = 0;
        var reader = Task.Run(async () =>
        {
            using var response = await http.GetAsync("/cameras/cam1/mjpeg", HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            await using var s = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
            var buffer = new byte[65536];
            try { int n; while ((n = await s.ReadAsync(buffer, cts.Token).ConfigureAwait(false)) > 0) Interlocked.Add(ref bytes, n); }
            catch (OperationCanceledException) { }
        });
        await Task.Delay(1000).ConfigureAwait(false);
        long before = Interlocked.Read(ref bytes);
        double watched = Cpu();
        double kbps = (Interlocked.Read(ref bytes) - before) / seconds / 1024;
        await cts.CancelAsync().ConfigureAwait(false);
        try { await reader.ConfigureAwait(false); } catch (OperationCanceledException) { }
        await host.StopAsync().ConfigureAwait(false);
        Console.WriteLine($"one camera, 15 detect-fps, paced: CPU {idle:F1} % of one core unwatched, {watched:F1} % with one MJPEG viewer " +
                          $"(5 fps, quality 80, {kbps:F0} KiB/s): the live view costs {watched - idle:F1} % of one core");
        var json = Path.Combine(outDir, "mjpeg.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { date = DateTimeOffset.UtcNow, machine, model = model.Path, seconds, cpuPercentOfOneCoreUnwatched = idle, cpuPercentOfOneCoreWatched = watched, costPercentOfOneCore = watched - idle, kibPerSecond = kbps }, Hosting.JsonOutput.Indented)).ConfigureAwait(false);
        Console.WriteLine($"wrote {json}");
        return 0;
    }

    private static string MakeVideo(string outDir)
    {
        var dir = Path.Combine(outDir, "video");
        var path = Path.Combine(dir, "video.avi");
        if (!File.Exists(path)) new VideoGenerator(new VideoSettings { Seconds = 20, Fps = 15 }).Write(dir, seed: 7);
        return path;
    }



}
