namespace RetinaNet.Edge.Tests.Integration.Fixtures;

/// <summary>gst-rtsp-server (through /usr/bin/python3 and python3-gi) streaming a synthetic video as H.264.</summary>
internal sealed class RtspServer : IDisposable
{
    private readonly ExternalProcess _process;

    public RtspServer(string video, int? port = null, bool once = false)
    {
        Port = port ?? Ports.Free();
        var script = Path.Combine(AppContext.BaseDirectory, "tools", "rtsp_server.py");
        _process = once
            ? new ExternalProcess("/usr/bin/python3", script, video, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--once")
            : new ExternalProcess("/usr/bin/python3", script, video, Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public int Port { get; }
    public string Url => $"rtsp://127.0.0.1:{Port}/test";
    public string Output => _process.Output;

    public async Task StartAsync()
    {
        _process.Start();
        await Ports.WaitListening(Port, TimeSpan.FromSeconds(15));
    }

    public void Stop() => _process.Stop();

    /// <summary>Starts without waiting for the port (the caller measures from the moment it listens).</summary>
    public void Start() => _process.Start();

    /// <summary>SIGSTOP: the server stops sending but keeps its connections open (a hung camera).</summary>
    public void Pause() => _process.Signal(19);

    /// <summary>SIGCONT.</summary>
    public void Resume() => _process.Signal(18);

    public void Dispose() => _process.Dispose();
}
