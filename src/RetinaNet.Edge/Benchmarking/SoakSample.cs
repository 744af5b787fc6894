using System.Globalization;

namespace RetinaNet.Edge.Benchmarking;

/// <summary>One row of the soak's CSV: the agent process (from /proc and its /metrics) and the world around it.</summary>
internal sealed record SoakSample(double Seconds, double RssMiB, double HeapMiB, int Threads, int Fds, int DecoderChildren, int HelperChildren, int Zombies,
    double DbKiB, double WalKiB, long OutboxQueued, int CameraFiles, long LiveStreams, long EventsReceived, bool BrokerUp, double Cores)
{
    public const string Header = "seconds,rss_mib,heap_mib,threads,fds,decoder_children,helper_children,zombies,db_kib,wal_kib,outbox_queued,camera_files,live_streams,events_received,broker_up,cores";

    public string Csv() => string.Join(',', new object[] { Seconds, RssMiB, HeapMiB, Threads, Fds, DecoderChildren, HelperChildren, Zombies, DbKiB, WalKiB, OutboxQueued,
        CameraFiles, LiveStreams, EventsReceived, BrokerUp ? 1 : 0, Cores }.Select(v => Convert.ToString(v is double d ? Math.Round(d, 3) : v, CultureInfo.InvariantCulture)));
}

/// <summary>Reads a <see cref="SoakSample"/>: RSS, threads and descriptors from /proc/PID, children by their parent
/// (an unreaped child shows as a zombie; decoder children are the cameras', helpers the HLS session's and the snapshots'), the managed heap and the outbox backlog from the agent's /metrics, the
/// state database and its WAL from their files.</summary>
internal sealed class SoakSampler(int pid, int httpPort, string stateFolder, string camerasFolder) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private (DateTime At, TimeSpan Cpu) _last = (DateTime.UtcNow, ProcessTreeCpu.Of(pid));

    public async Task<SoakSample> TakeAsync(double seconds, long eventsReceived, bool brokerUp)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        double Field(string name) => double.Parse(status.First(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        var (children, helpers, zombies) = Children();
        string metrics = await MetricsAsync().ConfigureAwait(false) ?? "";
        var now = (DateTime.UtcNow, ProcessTreeCpu.Of(pid));
        double cores = (now.Item2 - _last.Cpu).TotalSeconds / Math.Max(1e-3, (now.UtcNow - _last.At).TotalSeconds);
        _last = now;
        return new SoakSample(seconds, Field("VmRSS:") / 1024, Metric(metrics, "process_managed_heap_bytes") / 1048576, (int)Field("Threads:"),
            Directory.GetFiles($"/proc/{pid}/fd").Length, children, helpers, zombies,
            FileKiB(Path.Combine(stateFolder, "outbox.db")), FileKiB(Path.Combine(stateFolder, "outbox.db-wal")), (long)Metric(metrics, "retinanet_mqtt_queued"),
            Directory.GetFiles(camerasFolder, "*.json").Length, (long)Metric(metrics, "retinanet_http_live_streams"), eventsReceived, brokerUp, cores);
    }

    /// <summary>The agent's /metrics (Prometheus text), or null while it does not answer.</summary>
    public async Task<string?> MetricsAsync()
    {
        try { return await _http.GetStringAsync(new Uri($"http://127.0.0.1:{httpPort}/metrics")).ConfigureAwait(false); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return null; }
    }

    /// <summary>The outbox backlog from /metrics (NaN while the agent does not answer).</summary>
    public async Task<double> QueuedAsync() => await MetricsAsync().ConfigureAwait(false) is { } m ? Metric(m, "retinanet_mqtt_queued") : double.NaN;

    /// <summary>The sum of a metric's series in Prometheus text (NaN when absent).</summary>
    internal static double Metric(string text, string name)
    {
        double sum = double.NaN;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith(name, StringComparison.Ordinal)) continue;
            var rest = line[name.Length..];
            if (rest.StartsWith("_total", StringComparison.Ordinal)) rest = rest[6..];
            if (rest.Length == 0 || (rest[0] != ' ' && rest[0] != '{')) continue;
            var value = double.Parse(rest[(rest.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            sum = double.IsNaN(sum) ? value : sum + value;
        }
        return sum;
    }

    private (int Decoders, int Helpers, int Zombies) Children()
    {
        int decoders = 0, helpers = 0, zombies = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (f.Length < 2 || f[1] != pid.ToString(CultureInfo.InvariantCulture)) continue;
            if (f[0] == "Z") { zombies++; continue; }
            string cmd;
            try { cmd = File.ReadAllText(Path.Combine(dir, "cmdline")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            // The HLS session's decoder and encoder and the full-resolution snapshots' decoders read a pipe; the cameras' decoders a URL.
            if (cmd.Contains("pipe:0", StringComparison.Ordinal)) helpers++;
            else decoders++;
        }
        return (decoders, helpers, zombies);
    }

    public void Dispose() => _http.Dispose();

    private static double FileKiB(string path) => File.Exists(path) ? new FileInfo(path).Length / 1024.0 : 0;
}
