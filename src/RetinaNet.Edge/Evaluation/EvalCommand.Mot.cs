using System.Diagnostics;
using System.Globalization;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Vision.Evaluation;
using RetinaNet.Edge.Vision.Geometry;
using RetinaNet.Edge.Vision.Synthetic;
using RetinaNet.Edge.Cameras;

namespace RetinaNet.Edge.Evaluation;

internal static partial class EvalCommand
{
    /// <summary>Runs the whole agent (capture → inference → tracker → events → MQTT) on the video and scores the tracks.</summary>
    public static async Task<(MotMetrics Metrics, double Fps)> MotAsync(string model, string videoFolder, bool rtsp, float minVisibility, string? outDir = null)
    {
        var video = Path.Combine(videoFolder, "video.avi");
        if (!File.Exists(video)) throw new FileNotFoundException($"--video: {video} not found");
        var truth = VideoGenerator.ReadGroundTruth(Path.Combine(videoFolder, "gt", "gt.txt"));
        int frames = truth.Keys.Max();
        Process? server = null;
        string? encoded = null;
        string url = video;
        if (rtsp)
        {
            int port = ToolHost.FreePort();
            var script = RepositoryFiles.Find("tools/rtsp_server.py") ?? throw new FileNotFoundException("tools/rtsp_server.py not found (run from the repository)");
            // The camera encodes (as a real one does, in hardware): the server only sends the H.264 it is given, so
            // the figures are the agent's and not those of a live software encoder competing for the same cores.
            encoded = Path.Combine(Path.GetTempPath(), $"retinanet-edge-eval-{Environment.ProcessId}-{Guid.NewGuid():N}.mp4");
            ToolHost.RunTool("ffmpeg", "-loglevel", "error", "-y", "-i", video, "-c:v", "libx264", "-preset", "veryfast", "-g", "15", "-bf", "0", "-pix_fmt", "yuv420p", encoded);
            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { script, encoded, port.ToString(CultureInfo.InvariantCulture), "--once" }) psi.ArgumentList.Add(a);
            server = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the RTSP server");
            await server.StandardOutput.ReadLineAsync().ConfigureAwait(false); // it prints its URL once listening
            url = $"rtsp://127.0.0.1:{port}/test";
        }
        try
        {
            // A live stream does not wait for the pipeline: on a box slowed by other work a short queue dropped frames
            // (CI: 13.9 of 15 frames/s, MOTA 0.861), and this scores tracking, not speed (benchmarks own that). The
            // largest queue (64 frames, 4 s at 15 fps) rides out a slow spell; the whole clip is never that far behind.
            var camera = new CameraOptions { Name = "eval", Url = url, RealTime = false, DetectFps = 240, QueueCapacity = rtsp ? 64 : 8, StallSeconds = 5 };
            var recorder = new MotRecorder();
            using var host = ToolHost.BuildAgent(ToolHost.ToolConfig(model, [camera], "eval"), recorder);
            var clock = Stopwatch.StartNew();
            await host.StartAsync().ConfigureAwait(false);
            var status = host.Services.GetRequiredService<Cameras.ICameraStatusSource>();
            var deadline = DateTime.UtcNow.AddSeconds(60 + frames / 5.0);
            while (DateTime.UtcNow < deadline)
            {
                var all = status.Snapshot();
                var s = all.Count > 0 ? all[0] : null;
                if (s is not null && (s.FramesProcessed >= frames || s.State == CameraState.Ended && s.FramesProcessed == s.FramesQueued)) break;
                // The stream ended (the camera reconnects) and the frames already taken are through the pipeline.
                if (rtsp && s is not null && s.FramesProcessed > 0 && s.State == CameraState.Reconnecting && s.FramesProcessed == s.FramesQueued) break;
                await Task.Delay(100).ConfigureAwait(false);
            }
            double seconds = clock.Elapsed.TotalSeconds;
            long processed = status.Snapshot()[0].FramesProcessed;
            await host.StopAsync().ConfigureAwait(false);
            var hyps = recorder.Boxes.GetValueOrDefault("eval") ?? [];
            if (outDir is not null)
            {
                Directory.CreateDirectory(outDir);
                // MOTChallenge result format: frame, id, x, y, w, h, conf, -1, -1, -1
                await File.WriteAllLinesAsync(Path.Combine(outDir, "eval-mot-tracks.txt"), hyps.Select(b =>
                    string.Create(CultureInfo.InvariantCulture, $"{b.Frame},{b.Id},{b.Box.X1:F2},{b.Box.Y1:F2},{b.Box.Width:F2},{b.Box.Height:F2},1,-1,-1,-1"))).ConfigureAwait(false);
            }
            // Sparse ground truth (gt/frames.txt lists the annotated frames): tracks on other frames are not scored.
            var framesFile = Path.Combine(videoFolder, "gt", "frames.txt");
            if (File.Exists(framesFile))
            {
                var annotated = File.ReadLines(framesFile).Where(l => l.Trim().Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToHashSet();
                hyps = [.. hyps.Where(h => annotated.Contains(h.Frame))];
            }
            return (Score(truth, hyps, minVisibility), processed / seconds);
        }
        finally
        {
            if (server is { HasExited: false }) server.Kill(entireProcessTree: true);
            server?.Dispose();
            if (encoded is not null) File.Delete(encoded);
        }
    }

    /// <summary>MOT metrics with ground truth below <paramref name="minVisibility"/> as "don't care": it is not
    /// required, and tracker boxes on it are not false positives (MOTChallenge's convention for occluded objects).</summary>
    internal static MotMetrics Score(Dictionary<int, List<(int Id, int ClassId, BoxF Box, float Visibility)>> truth, List<MotBox> hyps, float minVisibility)
    {
        var kept = new List<MotBox>();
        var ignored = new List<MotBox>();
        foreach (var (frame, list) in truth)
            foreach (var g in list) (g.Visibility >= minVisibility ? kept : ignored).Add(new MotBox(frame, g.Id, g.Box));
        var ignoredByFrame = ignored.ToLookup(b => b.Frame);
        var keptByFrame = kept.ToLookup(b => b.Frame);
        var h = hyps.Where(b => !ignoredByFrame[b.Frame].Any(i => BoxF.IoU(i.Box, b.Box) >= 0.5f && !keptByFrame[b.Frame].Any(k => BoxF.IoU(k.Box, b.Box) >= 0.5f))).ToList();
        return MotEvaluator.Evaluate(kept, h);
    }
}
