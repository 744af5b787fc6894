using System.Net;
using System.Net.Sockets;

namespace RetinaNet.Edge.Hosting;

/// <summary>Helpers shared by the agent's tool commands (eval, bench).</summary>
internal static class CommandLine
{
    /// <summary>"--name value" and "--flag" pairs; anything else is an error that shows <paramref name="usage"/>.</summary>
    public static Dictionary<string, string> Options(IEnumerable<string> args, string usage)
    {
        var d = new Dictionary<string, string>();
        string? key = null;
        foreach (var a in args)
        {
            if (a.StartsWith("--", StringComparison.Ordinal)) { if (key is not null) d[key] = ""; key = a[2..]; }
            else if (key is not null) { d[key] = a; key = null; }
            else throw new ArgumentException($"unexpected argument '{a}'\n{usage}");
        }
        if (key is not null) d[key] = "";
        return d;
    }

    /// <summary>A free TCP port on the loopback interface (for an embedded broker or a test server).</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>The repository file <paramref name="relative"/>, looked for above the working and program folders.</summary>
    public static string? FindInRepository(string relative)
    {
        foreach (var dir in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(dir); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, relative))) return Path.Combine(d.FullName, relative);
        return null;
    }
}
