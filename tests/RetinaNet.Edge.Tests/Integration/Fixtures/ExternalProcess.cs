using System.Diagnostics;
using System.Text;

namespace RetinaNet.Edge.Tests.Integration.Fixtures;

/// <summary>A real dependency (mosquitto, the RTSP server) run as a child process that can be stopped and restarted.</summary>
internal sealed class ExternalProcess(string file, params string[] args) : IDisposable
{
    private Process? _process;
    private readonly StringBuilder _output = new();

    private readonly StringBuilder _errorOutput = new();

    public string Output { get { lock (_output) return _output.ToString(); } }
    /// <summary>Standard error alone.</summary>
    public string ErrorOutput { get { lock (_errorOutput) return _errorOutput.ToString(); } }

    public Dictionary<string, string> Environment { get; } = [];

    public void Start()
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (k, v) in Environment) psi.Environment[k] = v;
        foreach (var a in args) psi.ArgumentList.Add(a);
        _process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_output) _output.AppendLine(e.Data);
            lock (_errorOutput) _errorOutput.AppendLine(e.Data);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public void Stop()
    {
        if (_process is null) return;
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.WaitForExit(5000);
        _process.Dispose();
        _process = null;
    }

    public int? Pid => _process?.Id;

    /// <summary>SIGTERM, then waits for the exit (SIGKILL after <paramref name="timeout"/>, 10 s by default);
    /// returns the exit code (null if it had to be killed) and how long the exit took.</summary>
    public (int? ExitCode, TimeSpan Took) Terminate(TimeSpan? timeout = null)
    {
        if (_process is null) return (null, TimeSpan.Zero);
        var clock = Stopwatch.StartNew();
        if (!_process.HasExited) _ = Kill(_process.Id, 15);
        int? code = null;
        if (_process.WaitForExit(timeout ?? TimeSpan.FromSeconds(10))) { _process.WaitForExit(); code = _process.ExitCode; }
        var took = clock.Elapsed;
        if (code is null) Stop();
        _process?.Dispose();
        _process = null;
        return (code, took);
    }

    /// <summary>SIGKILL, like a power cut or the OOM killer: no cleanup runs.</summary>
    public void KillHard()
    {
        if (_process is null) return;
        if (!_process.HasExited) _ = Kill(_process.Id, 9);
        _process.WaitForExit(5000);
        _process.Dispose();
        _process = null;
    }

    public void Signal(int signal)
    {
        if (_process is { HasExited: false } p) _ = Kill(p.Id, signal);
    }

    public bool HasExited => _process is null || _process.HasExited;
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public void Dispose() => Stop();
}
