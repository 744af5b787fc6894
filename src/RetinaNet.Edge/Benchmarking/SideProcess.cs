using System.Diagnostics;
using System.Globalization;

namespace RetinaNet.Edge.Benchmarking;

/// <summary>A helper process of a benchmark (mosquitto, the RTSP server): started, stopped with SIGTERM as a service
/// manager does, restarted; its output kept (last lines) for the error that names it.</summary>
internal sealed class SideProcess : IDisposable
{
    private readonly ProcessStartInfo _start;
    private readonly Queue<string> _tail = new();
    private Process? _process;

    public SideProcess(string exe, params string[] args)
    {
        _start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) _start.ArgumentList.Add(a);
    }

    public bool Running => _process is { HasExited: false };

    public void Start()
    {
        var p = Process.Start(_start) ?? throw new InvalidOperationException($"cannot start {_start.FileName}");
        p.OutputDataReceived += (_, e) => Keep(e.Data);
        p.ErrorDataReceived += (_, e) => Keep(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _process = p;
    }

    /// <summary>SIGTERM and wait (mosquitto saves its persistence file); killed after 10 s.</summary>
    public void Terminate()
    {
        if (_process is not { } p) return;
        if (!p.HasExited) using (Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)])) { }
        if (!p.WaitForExit(10_000)) p.Kill(entireProcessTree: true);
        p.WaitForExit();
        p.Dispose();
        _process = null;
    }

    public string Output { get { lock (_tail) return string.Join('\n', _tail); } }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 200) _tail.Dequeue();
        }
    }

    public void Dispose()
    {
        Terminate();
        _process?.Dispose();
    }
}
