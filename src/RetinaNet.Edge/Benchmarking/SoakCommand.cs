using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Benchmarking;

/// <summary><c>retinanet-edge bench soak</c>: the real agent for hours with everything that starts and stops at run time
/// churning — four cameras (H.264 and H.265 clips at 30 frames/s, the RTSP server), a fifth camera file added, its
/// zones edited, another camera's zones edited and the file removed (one step every <c>--churn-seconds</c>), the
/// broker stopped for <c>--outage-seconds</c> every <c>--outage-every</c>, viewers of every kind arriving and leaving,
/// a persistent-session subscriber counting events. Samples the agent every <c>--sample-seconds</c> into
/// <c>soak.csv</c> and <c>soak.png</c>; at the end removes every camera, waits for the outbox to drain and checks
/// (<see cref="SoakVerdict"/>): exit 0 when everything held, 1 when a bound broke or an event was lost.</summary>
internal static class SoakCommand
{
    private static readonly string[] Stable = ["h264-a", "h264-b", "h265", "rtsp"];

    public static async Task<int> RunAsync(SoakArgs a)
    {
        var model = a.Model.Resolve(RepositoryFiles.Find("models/retinanet-street-int8.onnx") ?? ToolHost.DemoModel);
        string outDir = Path.GetFullPath(a.Out);
        Directory.CreateDirectory(outDir);
        Console.WriteLine($"soak: {a.Minutes:F1} min (bounds after {a.WarmupMinutes:F1} min), model {model.Path}, clips {a.Width}x{a.Height}@30, {a.DetectFps} detections/s per camera, " +
            $"camera-file change every {a.ChurnSeconds:F0} s, broker down {a.OutageSeconds:F0} s every {a.OutageEverySeconds:F0} s, sample every {a.SampleSeconds:F0} s");
        using var rig = SoakRig.Prepare(outDir, a.Width, a.Height);
        var config = rig.WriteAgentConfig(model);
        var cameras = new Dictionary<string, (string Url, float W, float H)>
        {
            ["h264-a"] = (rig.H264, a.Width, a.Height), ["h264-b"] = (rig.H264, a.Width, a.Height), ["h265"] = (rig.H265, a.Width, a.Height), ["rtsp"] = (rig.RtspUrl, 768, 576),
        };
        foreach (var (name, (url, w, h)) in cameras) rig.WriteCamera(name, url, a.DetectFps, 0, w, h);

        // The subscriber first: its session exists before the agent's first event.
        await using var subscriber = await SoakSubscriber.ConnectAsync(rig.BrokerPort, SoakRig.Prefix).ConfigureAwait(false);
        using var agent = BenchAgent.Launch(config, rig.HttpPort);
        using var sampler = new SoakSampler(agent.Process.Id, rig.HttpPort, rig.State, rig.Cameras);
        await WaitServingAsync(agent, sampler).ConfigureAwait(false);
        var viewers = new SoakViewers(rig.HttpPort, Stable);
        using var stopViewers = new CancellationTokenSource();
        var viewing = viewers.RunAsync(stopViewers.Token);

        var samples = new List<SoakSample>();
        var outages = new List<SoakOutage>();
        var csvPath = Path.Combine(outDir, "soak.csv");
        await using var csv = new StreamWriter(csvPath) { AutoFlush = true };
        await csv.WriteLineAsync(SoakSample.Header).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        double end = a.Minutes * 60, nextSample = 0, nextChurn = a.ChurnSeconds, nextOutage = a.OutageEverySeconds > 0 ? a.OutageEverySeconds : double.MaxValue;
        int churn = 0;
        SoakOutage? outage = null;
        while (clock.Elapsed.TotalSeconds < end)
        {
            agent.ThrowIfExited();
            double t = clock.Elapsed.TotalSeconds;
            if (t >= nextSample)
            {
                var s = await sampler.TakeAsync(t, subscriber.Received, rig.Broker.Running).ConfigureAwait(false);
                samples.Add(s);
                await csv.WriteLineAsync(s.Csv()).ConfigureAwait(false);
                Console.WriteLine($"{t / 60,6:F1} min  rss {s.RssMiB,6:F0} MiB  heap {s.HeapMiB,5:F0} MiB  threads {s.Threads,3}  fds {s.Fds,4}  decoders {s.DecoderChildren} (+{s.HelperChildren})  zombies {s.Zombies}  " +
                    $"db {s.DbKiB,6:F0} KiB wal {s.WalKiB,6:F0} KiB  queued {s.OutboxQueued,5}  cameras {s.CameraFiles}  streams {s.LiveStreams}  events {s.EventsReceived}  cores {s.Cores:F2}");
                nextSample += a.SampleSeconds;
            }
            if (t >= nextChurn)
            {
                Churn(rig, churn++, a.DetectFps, a.Width, a.Height);
                nextChurn += a.ChurnSeconds;
            }
            if (outage is null && t >= nextOutage)
            {
                await subscriber.LeaveAsync().ConfigureAwait(false);
                rig.Broker.Terminate();
                outage = new SoakOutage(t);
                Console.WriteLine($"{t / 60,6:F1} min  broker stopped");
            }
            else if (outage is { Restarted: null } && t >= outage.Stopped + a.OutageSeconds)
            {
                rig.Broker.Start();
                outage.Restarted = t;
                outage.Backlog = await sampler.QueuedAsync().ConfigureAwait(false) is var q && double.IsFinite(q) ? (long)q : -1;
                await subscriber.ComeBackAsync().ConfigureAwait(false);
                Console.WriteLine($"{t / 60,6:F1} min  broker back");
            }
            else if (outage is { Restarted: { } back } && (await sampler.QueuedAsync().ConfigureAwait(false) <= 1 || t > back + 120))
            {
                outage.Drained = t;
                outages.Add(outage);
                Console.WriteLine($"{t / 60,6:F1} min  outbox drained in {t - back:F1} s");
                outage = null;
                nextOutage += a.OutageEverySeconds;
            }
            await Task.Delay(250).ConfigureAwait(false);
        }
        if (outage is { Restarted: null }) { rig.Broker.Start(); await subscriber.ComeBackAsync().ConfigureAwait(false); }

        await stopViewers.CancelAsync().ConfigureAwait(false);
        await viewing.ConfigureAwait(false);
        // The end: every camera removed live; what they produced must reach the subscriber and their children must go.
        foreach (var f in Directory.GetFiles(rig.Cameras, "*.json")) File.Delete(f);
        var drained = await DrainAsync(sampler, subscriber, () => sampler.TakeAsync(clock.Elapsed.TotalSeconds, subscriber.Received, true), TimeSpan.FromSeconds(240)).ConfigureAwait(false);
        var last = await sampler.TakeAsync(clock.Elapsed.TotalSeconds, subscriber.Received, rig.Broker.Running).ConfigureAwait(false);
        await csv.WriteLineAsync(last.Csv()).ConfigureAwait(false);
        Console.WriteLine($"drained in {drained.Seconds:F0} s: {drained.Appended} events stored, {subscriber.Unique} received once or more, {drained.Queued} queued");
        int exit = agent.Stop();

        var verdict = SoakVerdict.Judge(samples, last, a.WarmupMinutes * 60, a.BoundPercent, drained, subscriber, outages, exit);
        var png = Path.Combine(outDir, "soak.png");
        SoakPlot.Write(png, samples, outages, a.WarmupMinutes * 60, $"soak {a.Minutes:F0} min: 4 cameras + 1 churned, broker down {a.OutageSeconds:F0} s every {a.OutageEverySeconds / 60:F0} min, viewers churning");
        var summary = new
        {
            date = DateTimeOffset.UtcNow, machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
            args = a, model = model.Path, verdict.Rows, verdict.Problems, events = new { drained.Appended, received = subscriber.Received, unique = subscriber.Unique,
                subscriber.Duplicates, subscriber.Conflicts, subscriber.SessionsLost, missing = subscriber.Missing(), missingSeqs = subscriber.MissingSeqs(), unreadable = subscriber.Unreadable },
            outages = outages.Select(o => new { o.Stopped, o.Restarted, o.Drained, o.Backlog }), viewers = viewers.Visits, agentExitCode = exit,
        };
        await File.WriteAllTextAsync(Path.Combine(outDir, "soak.json"), JsonSerializer.Serialize(summary, JsonOutput.Indented)).ConfigureAwait(false);
        Console.WriteLine();
        verdict.Print(Console.Out);
        Console.WriteLine($"viewers: {string.Join(", ", viewers.Visits.Select(kv => $"{kv.Value} {kv.Key}"))}; outages: {outages.Count}, drained in {string.Join(", ", outages.Select(o => $"{o.Drained - o.Restarted:F1} s"))}");
        Console.WriteLine($"wrote {csvPath}, {png} and {Path.Combine(outDir, "soak.json")}");
        return verdict.Problems.Count == 0 ? 0 : 1;
    }

    /// <summary>One step of the camera-file cycle: add the fifth camera, edit its zones, edit a steady camera's zones, remove it.</summary>
    private static void Churn(SoakRig rig, int step, double detectFps, int w, int h)
    {
        switch (step % 4)
        {
            case 0: rig.WriteCamera("churn", rig.H264, detectFps, 0, w, h); break;
            case 1: rig.WriteCamera("churn", rig.H264, detectFps, 1 + step / 4, w, h); break;
            case 2: rig.WriteCamera("h264-a", rig.H264, detectFps, 1 + step / 4, w, h); break;
            default: rig.DeleteCamera("churn"); break;
        }
    }

    private static async Task WaitServingAsync(BenchAgent agent, SoakSampler sampler)
    {
        var started = Stopwatch.StartNew();
        while (double.IsNaN(await sampler.QueuedAsync().ConfigureAwait(false)))
        {
            agent.ThrowIfExited();
            if (started.Elapsed > TimeSpan.FromSeconds(90)) throw new InvalidOperationException($"the agent did not serve /metrics within 90 s: {agent.Log}");
            await Task.Delay(500).ConfigureAwait(false);
        }
    }

    /// <summary>Until every camera has stopped, the agent's count of stored events holds still, the outbox is empty and
    /// the subscriber holds every stored event (or the timeout); then until the HLS session and snapshot helpers are
    /// gone (an abandoned HLS session ends 30 s after its last request).</summary>
    private static async Task<SoakDrain> DrainAsync(SoakSampler sampler, SoakSubscriber subscriber, Func<Task<SoakSample>> children, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        double appended = double.NaN, queued = double.NaN, before = double.NaN;
        while (clock.Elapsed < timeout)
        {
            if (await sampler.MetricsAsync().ConfigureAwait(false) is { } m)
            {
                appended = SoakSampler.Metric(m, "retinanet_mqtt_outbox_appended");
                queued = SoakSampler.Metric(m, "retinanet_mqtt_queued");
                bool stopped = SoakSampler.Metric(m, "retinanet_camera_streaming") is var streaming && (double.IsNaN(streaming) || streaming == 0);
                if (stopped && queued == 0 && appended == before && subscriber.Unique >= appended) break;
                // Everything is with the broker but the subscriber is short and nothing moves for 30 s: messages stuck in
                // flight to its session (seen after broker restarts) are delivered again when a client reconnects (MQTT
                // 3.1.1, 4.4): reconnect once, and say so.
                if (stopped && queued == 0 && appended == before && clock.Elapsed > TimeSpan.FromSeconds(30) && subscriber.Reconnects == 0)
                {
                    Console.WriteLine($"subscriber short by {appended - subscriber.Unique} with the outbox empty for 30 s: reconnecting it once");
                    await subscriber.LeaveAsync().ConfigureAwait(false);
                    await subscriber.ComeBackAsync().ConfigureAwait(false);
                    subscriber.Reconnects++;
                }
                before = appended;
            }
            await Task.Delay(3000).ConfigureAwait(false);
        }
        double drained = clock.Elapsed.TotalSeconds;
        while (clock.Elapsed < timeout && await children().ConfigureAwait(false) is { } s && s.DecoderChildren + s.HelperChildren + s.Zombies > 0) await Task.Delay(2000).ConfigureAwait(false);
        return new SoakDrain((long)appended, (long)queued, drained);
    }
}

/// <summary>One broker outage: when it stopped, came back and the outbox had emptied again (seconds into the soak).</summary>
internal sealed class SoakOutage(double stopped)
{
    public double Stopped { get; } = stopped;
    public double? Restarted { get; set; }
    public double? Drained { get; set; }
    public long Backlog { get; set; }
}

/// <summary>The end of the soak: events the agent stored, still queued, and how long the drain took.</summary>
internal sealed record SoakDrain(long Appended, long Queued, double Seconds);
