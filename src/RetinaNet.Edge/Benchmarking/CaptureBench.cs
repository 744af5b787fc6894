using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Inference;

namespace RetinaNet.Edge.Benchmarking;

/// <summary><c>retinanet-edge bench capture</c>: what one real camera costs, side by side on the same clip in one run —
/// the decoder alone (measured over the same window as the whole agent) (ffmpeg <c>-re … -f null</c> or GStreamer's <c>decodebin ! fakesink sync=true</c>), the agent's
/// capture path (its decoder child selecting and scaling, frames read into the agent), inference alone at detectFps
/// on those frames, and the whole agent with that camera — as cores per camera (process trees, decoder children
/// included) and ratios; with <c>--sweep</c>, the largest number of such cameras the box carries in real time.</summary>
internal static class CaptureBench
{
    private sealed record Case(string Codec, int Width, int Height, int Fps);

    public static async Task<int> RunAsync(CaptureBenchArgs a)
    {
        var model = a.Model.Resolve(ToolHost.DemoModel);
        double window = a.Seconds, detectFps = a.DetectFps;
        // Steady state: at 5 frames a second .NET's tiered compilation is still re-compiling hot methods 15 s in.
        double warmup = a.Warmup;
        var decoder = a.Decoder;
        string outDir = Path.GetFullPath(a.Out);
        Directory.CreateDirectory(outDir);
        var asked = new Case(a.Codec, a.Width, a.Height, a.Fps);
        Case[] cases = a.All ? [new("libx264", 1920, 1080, 30), new("libx265", 1920, 1080, 30), new("libx264", 3840, 2160, 15)] : [asked];
        var machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
        Console.WriteLine($"model {model.Path}\nmachine {machine}\ndecoder {decoder.Name()}, detectFps {detectFps}, steady state over {window:F0} s after warm-up (whole agent: {warmup:F0} s); cores = CPU-seconds per second of the process tree\n");

        var rows = new List<object>();
        if (!(a.Sweep || a.Live || a.Recording) || a.All)
        {
            Console.WriteLine("clip                         decoder alone  capture path  inference alone  whole agent (its decoder + its process)  agent ÷ (decoder + inference)  agent ÷ decoder");
            foreach (var c in cases)
            {
                string clip = a.Video is { } v ? Path.GetFullPath(v) : MakeClip(c, outDir);
                string name = a.Video is not null ? Path.GetFileName(clip) : $"{(c.Codec == "libx265" ? "H.265" : "H.264")} {c.Width}x{c.Height}@{c.Fps}";
                var (capture, frames) = CapturePath(clip, decoder, detectFps, model, window);
                double inference = InferenceAlone(model, frames, detectFps);
                frames.ForEach(f => f.Dispose());
                var (dec, whole, own, processed) = SideBySide(model, clip, decoder, detectFps, warmup, window, outDir);
                Console.WriteLine($"{name,-28} {dec,10:F3}  {capture,12:F3}  {inference,15:F3}  {whole,11:F3} ({whole - own:F3} + {own:F3})  {whole / (dec + inference),13:F2}  {whole / dec,15:F2}");
                rows.Add(new { clip = name, decoderAloneCores = dec, capturePathCores = capture, inferenceAloneCores = inference, wholeAgentCores = whole,
                    agentDecoderChildCores = whole - own, agentProcessCores = own,
                    agentOverDecoderPlusInference = whole / (dec + inference), agentOverDecoder = whole / dec, framesProcessedPerSecond = processed });
            }
        }
        object? live = null;
        if (a.Live) live = await LiveViewBench.RunAsync(model, a.Video is { } lv ? Path.GetFullPath(lv) : MakeClip(cases[0], outDir), decoder, detectFps, Math.Min(warmup, 20), window, outDir).ConfigureAwait(false);
        object? recording = null;
        if (a.Recording) recording = RecordingCost(model, a.Video is { } rv ? Path.GetFullPath(rv) : MakeClip(cases[0], outDir), decoder, detectFps, warmup, window, outDir);
        object? sweep = null;
        if (a.Sweep) sweep = await SweepAsync(model, a.Video is { } sv ? Path.GetFullPath(sv) : MakeClip(new("libx264", 1920, 1080, 30), outDir), decoder, detectFps, window).ConfigureAwait(false);
        var json = Path.Combine(outDir, "capture.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { date = DateTimeOffset.UtcNow, machine, model = model.Path, decoder, detectFps, windowSeconds = window, rows, live, recording, sweep }, JsonOutput.Indented)).ConfigureAwait(false);
        Console.WriteLine($"\nwrote {json}");
        return 0;
    }

    /// <summary>A camera-like clip: the demo video's moving shapes over a real scene, scaled up and encoded by
    /// Debian's ffmpeg (libx264/libx265, veryfast, one keyframe a second), 60 s: warm-up and window play through
    /// without reaching the file's end, which no camera has (ffmpeg's loop point holds a frame back 55–76 ms; GStreamer
    /// cannot loop a file by itself and restarts).</summary>
    private static string MakeClip(Case c, string outDir)
    {
        var path = Path.Combine(outDir, $"clip-{c.Codec}-{c.Width}x{c.Height}-{c.Fps}-60s.mp4");
        if (File.Exists(path)) return path;
        var demo = Path.Combine(outDir, "demo-60s");
        var source = Path.Combine(demo, "video.avi");
        if (!File.Exists(source)) new Vision.Synthetic.VideoGenerator(new Vision.Synthetic.VideoSettings { Seconds = 60, Fps = 15 }).Write(demo, seed: 2026);
        ToolHost.RunTool("ffmpeg", "-loglevel", "error", "-y", "-i", source, "-vf", $"scale={c.Width}:{c.Height},fps={c.Fps}", "-c:v", c.Codec, "-preset", "veryfast",
            "-g", c.Fps.ToString(CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p", "-x265-params", "log-level=error", path + ".tmp.mp4");
        File.Move(path + ".tmp.mp4", path);
        return path;
    }

    /// <summary>The decoder by itself, decoding every frame in real time and throwing it away.</summary>
    private static Process StartDecoderAlone(string clip, DecoderPreset decoder)
    {
        var psi = decoder == DecoderPreset.Gstreamer
            ? new ProcessStartInfo("gst-launch-1.0") { ArgumentList = { "-q", "filesrc", $"location={clip}", "!", "decodebin", "!", "fakesink", "sync=true" } }
            : new ProcessStartInfo("ffmpeg") { ArgumentList = { "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", clip, "-f", "null", "-" } };
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {psi.FileName}");
        p.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        p.StandardError.BaseStream.CopyToAsync(Stream.Null);
        return p;
    }

    /// <summary>The agent's capture path: its decoder child selecting and scaling the frames, read into the agent's
    /// buffers (no inference). Keeps a few frames for <see cref="InferenceAlone"/>.</summary>
    private static (double Cores, List<Mat> Frames) CapturePath(string clip, DecoderPreset decoder, double detectFps, ToolModel model, double window)
    {
        var (w, h) = InputSize(model);
        var camera = new CameraOptions { Name = "bench", Url = clip, RealTime = true, Loop = true, DetectFps = detectFps, Decoder = decoder };
        using var source = new DecoderProcessSource(clip, "ffmpeg", clip, camera, (w, h), file: new PlayFile(true));
        source.Open(CancellationToken.None);
        var frames = new List<Mat>();
        using var stop = new CancellationTokenSource();
        var reader = new Thread(() =>
        {
            using var image = new Mat();
            while (!stop.IsCancellationRequested && source.Read(image)) if (frames.Count < 16) lock (frames) frames.Add(image.Clone());
        }) { IsBackground = true };
        reader.Start();
        Thread.Sleep(TimeSpan.FromSeconds(3));
        // This process and its decoder child; not the decoder-alone ffmpeg reaped earlier.
        double cores = Cores(Environment.ProcessId, window, includeReaped: false);
        stop.Cancel();
        source.Interrupt();
        reader.Join();
        return (cores, frames);
    }

    /// <summary>Preprocessing, inference and decoding of the working-size frames by the agent's detector at detectFps
    /// (paced as the camera paces them: one frame, then idle until the next is due), as CPU-seconds per second of this
    /// process over 10 s, after 200 frames back to back. Paced rather than back to back because that is what a camera costs: a run that starts after
    /// 200 ms idle finds colder caches than one that follows another (about 10 % more CPU per frame here).</summary>
    private static double InferenceAlone(ToolModel model, List<Mat> frames, double detectFps)
    {
        if (frames.Count == 0) return 0;
        var config = new AgentConfig(new AgentOptions { Model = model.Model, Inference = model.Inference }, [], model.BaseDirectory, model.Path);
        using var detector = RetinaNet.Edge.Hosting.ToolHost.Detector(config, NullLogger.Instance);
        using var pool = new FramePool();
        var frame = pool.Rent();
        int n = 0;
        void Step() { frames[n++ % frames.Count].CopyTo(frame.Image); detector.Detect([frame], (_, _) => { }); }
        for (int i = 0; i < 200; i++) Step(); // steady state: every method on the path at .NET's optimised tier
        var period = TimeSpan.FromSeconds(1 / detectFps);
        var cpu0 = ProcessTreeCpu.Of();
        var clock = Stopwatch.StartNew();
        for (int i = 1; clock.Elapsed.TotalSeconds < 10; i++)
        {
            Step();
            var wait = period * i - clock.Elapsed;
            if (wait > TimeSpan.Zero) Thread.Sleep(wait);
        }
        double cores = (ProcessTreeCpu.Of() - cpu0).TotalSeconds / clock.Elapsed.TotalSeconds;
        frame.Release();
        return cores;
    }

    private static (int Width, int Height) InputSize(ToolModel model)
    {
        var config = new AgentConfig(new AgentOptions { Model = model.Model, Inference = model.Inference }, [], model.BaseDirectory, model.Path);
        using var detector = RetinaNet.Edge.Hosting.ToolHost.Detector(config, NullLogger.Instance);
        return (detector.Model.InputWidth, detector.Model.InputHeight);
    }

    private static double Cores(int pid, double window, bool includeReaped = true)
    {
        var cpu0 = ProcessTreeCpu.Of(pid, includeReaped);
        var clock = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(window));
        return (ProcessTreeCpu.Of(pid, includeReaped) - cpu0).TotalSeconds / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The decoder alone and the whole agent side by side, over the same window (this VM's speed drifts by
    /// ±10 % between runs; measured at once, both see the same machine): the agent as a user runs it —
    /// <c>retinanet-edge run</c> in its own process with one camera playing the clip (real time, looping), its embedded
    /// broker and HTTP server — as a process tree (its decoder child included) after the warm-up, and the decoder
    /// started 3 s before the window (GStreamer cannot loop a file); frames processed per second from /metrics.</summary>
    private static (double Decoder, double Agent, double AgentProcess, double FramesPerSecond) SideBySide(ToolModel model, string clip, DecoderPreset decoder, double detectFps, double warmup, double window, string outDir)
    {
        using var agent = BenchAgent.Start(model, clip, decoder, detectFps, outDir);
        var (p, http) = (agent.Process, agent.HttpPort);
        Process? alone = null;
        try
        {
            agent.WaitServing();
            Thread.Sleep(TimeSpan.FromSeconds(Math.Max(0, warmup - 3)));
            alone = StartDecoderAlone(clip, decoder);
            Thread.Sleep(TimeSpan.FromSeconds(Math.Min(3, warmup)));
            agent.ThrowIfExited();
            double f0 = FramesProcessed(http);
            var (a0, o0, d0) = (ProcessTreeCpu.Of(p.Id), ProcessTreeCpu.OwnOf(p.Id), ProcessTreeCpu.Of(alone.Id));
            var clock = Stopwatch.StartNew();
            Thread.Sleep(TimeSpan.FromSeconds(window));
            var (a1, o1, d1) = (ProcessTreeCpu.Of(p.Id), ProcessTreeCpu.OwnOf(p.Id), ProcessTreeCpu.Of(alone.Id));
            double seconds = clock.Elapsed.TotalSeconds;
            double fps = (FramesProcessed(http) - f0) / seconds;
            return ((d1 - d0).TotalSeconds / seconds, (a1 - a0).TotalSeconds / seconds, (o1 - o0).TotalSeconds / seconds, fps);
        }
        finally
        {
            if (alone is not null) { alone.Kill(entireProcessTree: true); alone.WaitForExit(); alone.Dispose(); }
        }
    }

    /// <summary>Recording's cost: two agents on the same clip over the same window, one recording event clips (pre 5 s,
    /// post 5 s: the demo clip always has objects in view, so a clip is always being written), one not; the difference
    /// of their process trees (decoder children included) is what recording costs one camera.</summary>
    private static object RecordingCost(ToolModel model, string clip, DecoderPreset decoder, double detectFps, double warmup, double window, string outDir)
    {
        using var off = BenchAgent.Start(model, clip, decoder, detectFps, outDir);
        using var on = BenchAgent.Start(model, clip, decoder, detectFps, outDir, new { enabled = true, preSeconds = 5, postSeconds = 5, maxClipSeconds = 60 });
        off.WaitServing();
        on.WaitServing();
        Thread.Sleep(TimeSpan.FromSeconds(warmup));
        off.ThrowIfExited();
        on.ThrowIfExited();
        var clips = Path.Combine(on.Folder, "clips");
        long Bytes() => Directory.Exists(clips) ? new DirectoryInfo(clips).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
        var (off0, on0, b0) = (ProcessTreeCpu.Of(off.Process.Id), ProcessTreeCpu.Of(on.Process.Id), Bytes());
        double fOff0 = FramesProcessed(off.HttpPort), fOn0 = FramesProcessed(on.HttpPort);
        var clock = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(window));
        var (off1, on1, b1) = (ProcessTreeCpu.Of(off.Process.Id), ProcessTreeCpu.Of(on.Process.Id), Bytes());
        double s = clock.Elapsed.TotalSeconds;
        double coresOff = (off1 - off0).TotalSeconds / s, coresOn = (on1 - on0).TotalSeconds / s;
        double fpsOff = (FramesProcessed(off.HttpPort) - fOff0) / s, fpsOn = (FramesProcessed(on.HttpPort) - fOn0) / s;
        double mbps = (b1 - b0) / 1048576.0 / s;
        int files = Directory.Exists(clips) ? Directory.GetFiles(clips, "*.mp4", SearchOption.AllDirectories).Length : 0;
        Console.WriteLine($"\nrecording ({Path.GetFileName(clip)}, side by side over {s:F0} s): on {coresOn:F3} cores ({fpsOn:F1} frames/s processed), off {coresOff:F3} cores ({fpsOff:F1}); " +
                          $"recording costs {coresOn - coresOff:+0.000;-0.000} cores per camera, writing {mbps:F2} MB/s into {files} clip file(s)");
        return new { clip = Path.GetFileName(clip), windowSeconds = s, coresRecordingOn = coresOn, coresRecordingOff = coresOff, recordingCores = coresOn - coresOff,
            framesPerSecondOn = fpsOn, framesPerSecondOff = fpsOff, clipMegabytesPerSecond = mbps, clipFiles = files };
    }

    /// <summary>The camera's processed frames from the agent's /metrics (Prometheus text).</summary>
    /// <param name="quiet">NaN instead of an exception while the server does not answer yet.</param>
    internal static double FramesProcessed(int port, bool quiet = false)
    {
        using var client = new System.Net.Http.HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string text;
        try { text = client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")).GetAwaiter().GetResult(); }
        catch (Exception e) when (quiet && e is System.Net.Http.HttpRequestException or TaskCanceledException) { return double.NaN; }
        foreach (var line in text.Split('\n'))
            if (line.StartsWith("retinanet_camera_frames_processed", StringComparison.Ordinal) && line.Contains("cam", StringComparison.Ordinal))
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        return double.NaN;
    }

    /// <summary>1, 2, 3 … 16 cameras of the clip at detectFps until one count no longer keeps real time (<see cref="CameraSweep"/>).</summary>
    private static async Task<object> SweepAsync(ToolModel model, string clip, DecoderPreset decoder, double detectFps, double window)
    {
        Console.WriteLine($"\nsweep on {Path.GetFileName(clip)}:");
        var (rows, best) = await CameraSweep.RunAsync(Enumerable.Range(1, 16), detectFps,
            n => BenchCommand.PipelineAsync(model, clip, n, window, paced: true, detectFps, decoder, warmupSeconds: 15)).ConfigureAwait(false);
        return new { clip = Path.GetFileName(clip), rows, camerasInRealTime = best };
    }
}
