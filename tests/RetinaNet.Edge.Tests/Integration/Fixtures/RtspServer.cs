namespace RetinaNet.Edge.Tests.Integration.Fixtures;

/// <summary>gst-rtsp-server (through /usr/bin/python3 and python3-gi) streaming a synthetic video as H.264, or (see
/// <see cref="Clock"/>) a live camera whose frames carry the wall-clock time they were made.</summary>
internal sealed class RtspServer : IDisposable
{
    private readonly ExternalProcess _process;
    private readonly string _mount;

    public RtspServer(string video, int? port = null, bool once = false)
        : this("rtsp_server.py", "/test", port, once ? [video, "{port}", "--once"] : [video, "{port}"])
    {
    }

    private RtspServer(string script, string mount, int? port, string[] arguments)
    {
        Port = port ?? Ports.Free();
        _mount = mount;
        var args = arguments.Select(a => a == "{port}" ? Port.ToString(System.Globalization.CultureInfo.InvariantCulture) : a);
        _process = new ExternalProcess("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "tools", script), .. args]);
    }

    /// <summary>tools/clock_camera.py: a live 640x360 H.264 camera at 15 fps whose top band holds, in blocks, the wall-clock
    /// millisecond each frame was made (read back with <see cref="ClockBand"/>).</summary>
    public static RtspServer Clock() => new("clock_camera.py", "/clock", null, ["{port}"]);

    public int Port { get; }
    public string Url => $"rtsp://127.0.0.1:{Port}{_mount}";
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
