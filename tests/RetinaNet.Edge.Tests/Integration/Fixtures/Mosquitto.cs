namespace RetinaNet.Edge.Tests.Integration.Fixtures;

/// <summary>Debian's mosquitto on a free loopback port.</summary>
internal sealed class Mosquitto : IDisposable
{
    private readonly ExternalProcess _process;

    /// <param name="tls">Certificates for a TLS listener that requires a client certificate (see <see cref="TestCertificates"/>).</param>
    public Mosquitto(TestCertificates? tls = null)
    {
        Port = Ports.Free();
        var conf = Path.Combine(RepoPaths.TempFolder("mosquitto"), "mosquitto.conf");
        var text = $"listener {Port} 127.0.0.1\nallow_anonymous true\npersistence false\n";
        if (tls is not null)
            text += $"cafile {tls.CaCert}\ncertfile {tls.ServerCert}\nkeyfile {tls.ServerKey}\nrequire_certificate true\nuse_identity_as_username true\n";
        File.WriteAllText(conf, text);
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
