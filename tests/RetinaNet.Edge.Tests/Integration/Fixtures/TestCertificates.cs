using System.Diagnostics;

namespace RetinaNet.Edge.Tests.Integration.Fixtures;

/// <summary>A throw-away CA, a server certificate for 127.0.0.1 and a client certificate, made with Debian's openssl.</summary>
internal sealed class TestCertificates
{
    public TestCertificates()
    {
        Folder = RepoPaths.TempFolder("certs");
        File.WriteAllText(Path.Combine(Folder, "san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        Run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=retinanet-test-ca");
        Run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        Run("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
        Run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=edge-agent");
        Run("x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.crt", "-days", "2");
        // mosquitto drops root privileges before it reads its key: let it (throw-away test keys only).
        foreach (var f in Directory.GetFiles(Folder))
            File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    public string Folder { get; }
    public string CaCert => Path.Combine(Folder, "ca.crt");
    public string ServerCert => Path.Combine(Folder, "server.crt");
    public string ServerKey => Path.Combine(Folder, "server.key");
    public string ClientCert => Path.Combine(Folder, "client.crt");
    public string ClientKey => Path.Combine(Folder, "client.key");

    private void Run(params string[] args)
    {
        var psi = new ProcessStartInfo("openssl") { WorkingDirectory = Folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"openssl {string.Join(' ', args)}: {err}");
    }
}
