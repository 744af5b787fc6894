namespace RetinaNet.Edge.Tests.Integration.Fixtures;

/// <summary>Debian's mosquitto on a free loopback port.</summary>
internal sealed class Mosquitto : IDisposable
{
    private readonly ExternalProcess _process;

    /// <param name="tls">Certificates for a TLS listener that requires a client certificate (see <see cref="TestCertificates"/>).</param>
    /// <param name="persistence">Keep sessions and queued messages across a (graceful) restart, in a temp folder.</param>
    /// <param name="user">Require this user name and password (a mosquitto_passwd file).</param>
    public Mosquitto(TestCertificates? tls = null, bool persistence = false, (string Name, string Password)? user = null)
    {
        Port = Ports.Free();
        var folder = RepoPaths.TempFolder("mosquitto");
        var conf = Path.Combine(folder, "mosquitto.conf");
        var text = $"listener {Port} 127.0.0.1\npersistence {(persistence ? "true" : "false")}\n";
        // mosquitto started as root drops to its own user, which cannot write a test's temp folder: the persistence
        // file would never be saved. Keep the user that started it.
        // No cap on the messages queued for an offline session: the outage tests' subscriber is away while the agent
        // pours out its outbox, and mosquitto's default (max_queued_messages 1000) drops the newest beyond it — the
        // broker's policy, not an event the agent lost (seen: 138 "lost", all acknowledged by the broker).
        if (persistence) text += $"persistence_location {folder}/\nautosave_interval 1\nuser {Environment.UserName}\nmax_queued_messages 0\n";
        if (user is { } u)
        {
            var passwd = Path.Combine(folder, "passwd");
            using (var p = System.Diagnostics.Process.Start("mosquitto_passwd", ["-b", "-c", passwd, u.Name, u.Password])!) p.WaitForExit();
            File.SetUnixFileMode(passwd, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            text += $"allow_anonymous false\npassword_file {passwd}\n";
        }
        else text += "allow_anonymous true\n";
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

    public string Output => _process.Output;

    public void Stop() => _process.Stop();

    /// <summary>SIGTERM: mosquitto saves its persistence file (sessions, queued messages) and exits.</summary>
    public void StopGracefully() => _process.Terminate();

    public void Dispose() => _process.Dispose();
}
