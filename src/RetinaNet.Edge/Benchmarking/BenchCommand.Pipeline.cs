using System.Diagnostics;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Publishing;

namespace RetinaNet.Edge.Benchmarking;

internal static partial class BenchCommand
{
    internal static async Task<PipelineRun> PipelineAsync(ToolModel model, string video, int cameras, double seconds, bool paced, double detectFps, Capture.DecoderPreset decoder = Capture.DecoderPreset.Ffmpeg, double? warmupSeconds = null, int decoderNice = 0)
    {
        var cams = Enumerable.Range(1, cameras).Select(i => new CameraOptions
        {
            Name = $"cam{i}", Url = video, Loop = true, RealTime = paced, DetectFps = detectFps, QueueCapacity = 2, Decoder = decoder, DecoderNice = decoderNice,
        }).ToList();
        var config = ToolHost.ToolConfig(model, cams, "bench");
        var latency = new LatencyRecorder { Enabled = false };
        using var host = ToolHost.BuildAgent(config, latency);
        var publishing = host.Services.GetRequiredService<IPublishingStatus>();
        publishing.EventPublished += latency.OnPublished;
        await host.StartAsync().ConfigureAwait(false);
        var pipeline = host.Services.GetRequiredService<Cameras.ICameraStatusSource>();
        await Task.Delay(TimeSpan.FromSeconds(warmupSeconds ?? Math.Min(10, seconds / 2))).ConfigureAwait(false); // warm-up: model, JIT (.NET's tiers settle after ~10 s), broker
        var proc = Process.GetCurrentProcess();
        var start = Snapshot(pipeline, publishing, proc);
        latency.Enabled = true;
        var rss = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            await Task.Delay(200).ConfigureAwait(false);
            rss.Add(Common.ProcessUsage.ResidentMiB());
        }
        latency.Enabled = false;
        var end = Snapshot(pipeline, publishing, proc);
        double wall = clock.Elapsed.TotalSeconds;
        await host.StopAsync().ConfigureAwait(false);
        var per = end.Names.Select((name, i) => new CameraFigures(name, end.In[i] - start.In[i], end.Processed[i] - start.Processed[i], end.Dropped[i] - start.Dropped[i])).ToArray();
        return new PipelineRun(cameras, wall, per.Sum(c => c.FramesProcessed) / wall, (end.Published - start.Published) / wall, per,
            Percentiles.Of(latency.Queue), Percentiles.Of(latency.Inference), Percentiles.Of(latency.Tracking), Percentiles.Of(latency.CaptureToTracked), Percentiles.Of(latency.CaptureToPublish),
            (end.Cpu - start.Cpu).TotalSeconds / wall / Environment.ProcessorCount * 100, rss.Max(), rss.Skip(rss.Count / 2).Order().ElementAt(rss.Count / 4), per.Sum(c => c.FramesDropped))
        {
            DecoderLag = Percentiles.Of(latency.DecoderLag),
            Frames = latency.Frames,
            Samples = [("queue wait", latency.Queue), ("preprocess + inference", latency.Inference), ("tracking + events", latency.Tracking), ("capture -> publish", latency.CaptureToPublish)],
        };
    }

    private sealed record Counters(string[] Names, long[] In, long[] Processed, long[] Dropped, long Published, TimeSpan Cpu);

    private static Counters Snapshot(Cameras.ICameraStatusSource p, IPublishingStatus publishing, Process proc)
    {
        proc.Refresh();
        var cams = p.Snapshot();
        return new([.. cams.Select(c => c.Camera)], [.. cams.Select(c => c.FramesIn)], [.. cams.Select(c => c.FramesProcessed)],
            [.. cams.Select(c => c.FramesDropped)], publishing.Counters().Published, ProcessTreeCpu.Of());
    }
}
