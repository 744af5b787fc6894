namespace RetinaNet.Edge.Tests.Integration.Fixtures;

/// <summary>Debian's mosquitto on a free loopback port.</summary>
internal sealed class Mosquitto : IDisposable
{
    private readonly ExternalProcess _process;

    public Mosquitto()
    {
        Port = Ports.Free();
        var conf = Path.Combine(RepoPaths.TempFolder("mosquitto"), "mosquitto.conf");
        File.WriteAllText(conf, $"listener {Port} 127.0.0.1\nallow_anonymous true\npersistence false\n");
        var exe = File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";
        _process = new ExternalProcess(exe, "-c", conf);
    }

    public int Port { get; }

    public async Task StartAsync()
    {
        _process.Start();
        await Ports.WaitListening(Port, TimeSpan.FromSeconds(10));
    }

    public void Stop() => _process.Stop();

    public void Dispose() => _process.Dispose();
}
