using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Inference;

namespace RetinaNet.Edge.Benchmarking;

/// <summary>The agent as a user runs it, for benchmarks: <c>retinanet-edge run</c> in its own process with one camera
/// playing a clip (real time, looping), its embedded broker and HTTP server; stopped with SIGTERM as systemd does.</summary>
internal sealed class BenchAgent : IDisposable
{
    private readonly System.Text.StringBuilder _log = new();
    private int _lines;

    private BenchAgent(Process process, int httpPort) { Process = process; HttpPort = httpPort; }

    public Process Process { get; }
    /// <summary>The agent's folder (agent.json, cameras/, state/, clips/).</summary>
    public string Folder => Path.GetDirectoryName(Config)!;
    public string Config { get; private init; } = "";
    public int HttpPort { get; }

    /// <param name="recording">The agent's <c>recording</c> section, or null for none (recording off).</param>
    public static BenchAgent Start(ToolModel model, string clip, Capture.DecoderPreset decoder, double detectFps, string outDir, object? recording = null)
    {
        var dir = Path.Combine(outDir, $"agent-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Path.Combine(dir, "cameras"));
        int http = ToolHost.FreePort();
        var agent = new Dictionary<string, object>
        {
            ["model"] = new { path = model.Path },
            ["inference"] = new { providers = model.Inference.Providers.Select(p => p.Name()).ToArray() },
            ["mqtt"] = new { embeddedPort = ToolHost.FreePort(), topicPrefix = "bench" },
            ["http"] = new { port = http },
            ["stateFolder"] = Path.Combine(dir, "state"),
            ["snapshots"] = new { enabled = false },
        };
        if (recording is not null) agent["recording"] = recording;
        File.WriteAllText(Path.Combine(dir, "agent.json"), JsonSerializer.Serialize(agent));
        File.WriteAllText(Path.Combine(dir, "cameras", "cam.json"), JsonSerializer.Serialize(new { name = "cam", url = clip, realTime = true, loop = true, detectFps, decoder = Capture.Decoders.Name(decoder) }));
        return Launch(Path.Combine(dir, "agent.json"), http);
    }

    /// <summary>Starts <c>retinanet-edge run --config <paramref name="config"/></c> (this program), its output kept for errors.</summary>
    public static BenchAgent Launch(string config, int httpPort)
    {
        var exe = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "retinanet-edge" ? self : Path.Combine(AppContext.BaseDirectory, "retinanet-edge");
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, ArgumentList = { "run", "--config", config } };
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {exe}");
        var started = new BenchAgent(p, httpPort) { Config = config };
        p.OutputDataReceived += (_, e) => started.Append(e.Data);
        p.ErrorDataReceived += (_, e) => started.Append(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return started;
    }

    /// <summary>The agent's output, the last 2,000 lines: hours of a soak keep no more.</summary>
    private void Append(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
            if (++_lines > 4000) { var text = _log.ToString(); _log.Clear().Append(text.AsSpan(text.Length / 2)); _lines = 2000; }
        }
    }

    /// <summary>Until the agent serves /metrics (model loaded, camera starting); at most 60 s.</summary>
    public void WaitServing()
    {
        var started = Stopwatch.StartNew();
        while (double.IsNaN(CaptureBench.FramesProcessed(HttpPort, quiet: true)))
        {
            if (Process.HasExited || started.Elapsed > TimeSpan.FromSeconds(60)) throw new InvalidOperationException($"the agent did not start: {Log}");
            Thread.Sleep(200);
        }
    }

    public void ThrowIfExited()
    {
        if (Process.HasExited) throw new InvalidOperationException($"the agent exited: {Log}");
    }

    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>SIGTERM as systemd sends it; the exit code (-1 when it had to be killed after 15 s).</summary>
    public int Stop()
    {
        if (!Process.HasExited) using (Process.Start("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)])) { }
        if (Process.WaitForExit(15_000)) return Process.ExitCode;
        Process.Kill(entireProcessTree: true);
        return -1;
    }

    public void Dispose()
    {
        Stop();
        Process.Dispose();
    }
}
