using System.Diagnostics;
using System.Text;

namespace RetinaNet.Edge.Tests.Integration.Fixtures;

/// <summary>A real dependency (mosquitto, the RTSP server) run as a child process that can be stopped and restarted.</summary>
internal sealed class ExternalProcess(string file, params string[] args) : IDisposable
{
    private Process? _process;
    private readonly StringBuilder _output = new();

    public string Output { get { lock (_output) return _output.ToString(); } }

    public void Start()
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        _process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
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

    public void Dispose() => Stop();
}
