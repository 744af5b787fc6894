using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Publishing;
using RetinaNet.Edge.Publishing.Outbox;

namespace RetinaNet.Edge.Benchmarking;

/// <summary><c>retinanet-edge bench outbox</c>: the durable outbox against a real mosquitto started by the command —
/// append rate and disk bytes per event for each fsync policy, sustained delivery rate and the latency the outbox
/// adds (append → PUBACK, p50/p99) at a camera-like and a saturating rate, and an outage soak: R events/s while the
/// broker is down for S seconds, then the time until the backlog is drained, with the process RSS sampled throughout.</summary>
internal static class OutboxBench
{
    public static async Task<int> RunAsync(OutboxBenchArgs a)
    {
        var (outage, rate, events) = (a.OutageSeconds, a.Rate, a.Events);
        string root = a.Folder is { } f ? Path.GetFullPath(f) : Path.Combine(Path.GetTempPath(), $"retinanet-edge-outbox-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        Console.WriteLine($"outbox bench in {root}; {Environment.ProcessorCount} cores; payload {Payload(1).Length} bytes per event (a typical track event)\n");

        Console.WriteLine("fsync   appends/s   bytes/event on disk   (SQLite WAL, one transaction per event)");
        foreach (var fsync in Enum.GetValues<OutboxFsync>())
        {
            var dir = Path.Combine(root, "append-" + Common.JsonNames.NameOf(fsync));
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            using var outbox = new SqliteOutbox(dir, new OutboxOptions { Fsync = fsync, MaxMegabytes = 4096 }, TimeProvider.System, NullLogger.Instance);
            int n = fsync == OutboxFsync.Full ? Math.Min(events, 2000) : events;
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++) outbox.Append("cam", i, s => ("retinanet/cameras/cam/events", Payload(s.Seq)), 0, store: true, out _);
            double perSecond = n / sw.Elapsed.TotalSeconds;
            outbox.Dispose();
            long bytes = new DirectoryInfo(dir).GetFiles(SqliteOutbox.FileName + "*").Sum(x => x.Length);
            Console.WriteLine($"{Common.JsonNames.NameOf(fsync),-7} {perSecond,9:F0}   {bytes / (double)n,10:F0}");
        }

        using var broker = BenchBroker.Start();
        foreach (var (label, r) in new[] { ("camera-like", rate), ("saturating", 0.0) })
        {
            foreach (var fsync in new[] { OutboxFsync.Normal, OutboxFsync.Full })
            {
                await using var run = await SinkRun.StartAsync(root, broker.Port, fsync).ConfigureAwait(false);
                var stats = await run.ProduceAsync(r, r > 0 ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                Console.WriteLine($"delivery {label,-11} fsync {Common.JsonNames.NameOf(fsync),-6}: {stats.Delivered / stats.Seconds,8:F0} events/s acknowledged, append→PUBACK p50 {stats.P50:F2} ms, p99 {stats.P99:F2} ms");
            }
        }

        if (outage > 0)
        {
            await using var run = await SinkRun.StartAsync(root, broker.Port, OutboxFsync.Normal).ConfigureAwait(false);
            Console.WriteLine($"\noutage soak: {rate} events/s, broker down {outage} s");
            await run.ProduceAsync(rate, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            broker.Stop();
            var rss = new List<double>();
            var produce = run.ProduceAsync(rate, TimeSpan.FromSeconds(outage), rss);
            await produce.ConfigureAwait(false);
            long backlog = run.Sink.Outbox.PendingCount;
            broker.Restart();
            var sw = Stopwatch.StartNew();
            while (run.Sink.Outbox.PendingCount > 0 && sw.Elapsed < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(50).ConfigureAwait(false);
                if (rss.Count == 0 || sw.ElapsedMilliseconds % 1000 < 50) rss.Add(Rss());
            }
            Console.WriteLine($"backlog {backlog} events ({run.Sink.Outbox.PendingBytes / 1048576.0:F2} MB left) drained {sw.Elapsed.TotalSeconds:F2} s after the broker returned " +
                              $"(includes reconnect); generated {run.Sink.Outbox.Appended}, acknowledged {run.Sink.Published}, dropped {run.Sink.Dropped}");
            Console.WriteLine($"RSS during the outage and drain: min {rss.Min():F1} MiB, max {rss.Max():F1} MiB, first {rss[0]:F1}, last {rss[^1]:F1}");
        }
        return 0;
    }

    private static double Rss() => Common.ProcessUsage.ResidentMiB();

    internal static TrackEvent Event(long i) => new()
    {
        Type = TrackEventType.Update, Camera = "cam", TrackId = (int)(i % 100_000), Label = "person", ClassId = 0, Score = 0.8731f, BestScore = 0.9112f,
        Box = new EventBox(412.5f, 120.2f, 470.1f, 181.0f), BoxNormalized = new EventBox(0.6445f, 0.3339f, 0.7345f, 0.5028f),
        FirstSeen = DateTimeOffset.UtcNow, LastSeen = DateTimeOffset.UtcNow, Frame = i, Snapshot = "/snapshots/7-new-638123.jpg",
    };

    private static byte[] Payload(long seq) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Event(seq) with { Id = Guid.CreateVersion7(), Seq = seq }, EventJsonContext.Default.TrackEvent);

    /// <summary>The real sink (outbox + connection + publisher) against the bench broker.</summary>
    private sealed class SinkRun : IAsyncDisposable
    {
        private readonly List<double> _latency = [];
        public required IStandaloneSink Sink { get; init; }
        public required SqliteOutbox Outbox { get; init; }

        public static async Task<SinkRun> StartAsync(string root, int port, OutboxFsync fsync)
        {
            var dir = Path.Combine(root, "sink-" + Guid.NewGuid().ToString("N")[..8]);
            var options = new AgentOptions { Mqtt = new MqttOptions { Host = "127.0.0.1", Port = port, TopicPrefix = "bench", Outbox = new OutboxOptions { Fsync = fsync, MaxMegabytes = 4096 } } };
            var config = new AgentConfig(options, [], root, "");
            var outbox = new SqliteOutbox(dir, options.Mqtt.Outbox, TimeProvider.System, NullLogger.Instance);
            var sink = RetinaNet.Edge.Hosting.ToolHost.Sink(config, outbox);
            var run = new SinkRun { Sink = sink, Outbox = outbox };
            sink.EventPublished += ms => { lock (run._latency) run._latency.Add(ms); };
            await sink.StartAsync(CancellationToken.None).ConfigureAwait(false);
            var deadline = Stopwatch.StartNew();
            while (!sink.IsConnected && deadline.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20).ConfigureAwait(false);
            return run;
        }

        /// <summary>Appends at <paramref name="rate"/> events/s (0: as fast as possible) for <paramref name="duration"/>,
        /// then waits until what was appended is acknowledged (at most 30 s unless the broker is down).</summary>
        public async Task<(long Delivered, double Seconds, double P50, double P99)> ProduceAsync(double rate, TimeSpan duration, List<double>? rss = null)
        {
            lock (_latency) _latency.Clear();
            long before = Sink.Published;
            var sw = Stopwatch.StartNew();
            long i = 0;
            while (sw.Elapsed < duration)
            {
                Sink.Publish(Event(i++), Stopwatch.GetTimestamp());
                if (rss is not null && i % Math.Max(1, (long)rate) == 0) rss.Add(Rss());
                if (rate > 0)
                {
                    var due = TimeSpan.FromSeconds(i / rate) - sw.Elapsed;
                    if (due > TimeSpan.Zero) await Task.Delay(due).ConfigureAwait(false);
                }
                else if (i % 256 == 0) await Task.Yield();
            }
            if (Sink.IsConnected)
            {
                var wait = Stopwatch.StartNew();
                while (Sink.Outbox.PendingCount > 0 && wait.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(5).ConfigureAwait(false);
            }
            double seconds = sw.Elapsed.TotalSeconds;
            double[] l;
            lock (_latency) l = [.. _latency.Order()];
            return (Sink.Published - before, seconds, l.Length > 0 ? l[l.Length / 2] : double.NaN, l.Length > 0 ? l[Math.Min(l.Length - 1, (int)(l.Length * 0.99))] : double.NaN);
        }

        public async ValueTask DisposeAsync()
        {
            await Sink.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await Sink.DisposeAsync().ConfigureAwait(false);
            Outbox.Dispose();
        }
    }

    /// <summary>Debian's mosquitto on a free loopback port, stopped and restarted for the outage.</summary>
    private sealed class BenchBroker : IDisposable
    {
        private Process? _process;
        public int Port { get; } = ToolHost.FreePort();

        public static BenchBroker Start()
        {
            var b = new BenchBroker();
            b.Restart();
            return b;
        }

        public void Restart()
        {
            var exe = File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";
            try { _process = Process.Start(new ProcessStartInfo(exe, ["-p", Port.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardError = true, RedirectStandardOutput = true }); }
            catch (System.ComponentModel.Win32Exception e) { throw new FileNotFoundException($"bench outbox needs mosquitto (apt-get install mosquitto): {e.Message}"); }
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < TimeSpan.FromSeconds(10))
            {
                try { using var c = new System.Net.Sockets.TcpClient(); c.Connect(System.Net.IPAddress.Loopback, Port); return; }
                catch (System.Net.Sockets.SocketException) { Thread.Sleep(50); }
            }
        }

        public void Stop()
        {
            if (_process is null) return;
            _process.Kill();
            _process.WaitForExit();
            _process.Dispose();
            _process = null;
        }

        public void Dispose() => Stop();
    }
}
