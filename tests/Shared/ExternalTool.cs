using System.Diagnostics;

namespace RetinaNet.Edge.Testing;

/// <summary>Runs a command-line tool the tests rely on (python3 with torch, ffmpeg) and fails the test with its
/// output when it fails or takes longer than five minutes.</summary>
internal static class ExternalTool
{
    public static void Run(string file, params string[] args) => Output(file, args);

    /// <summary>Runs the tool and returns what it wrote to standard output.</summary>
    public static string Output(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        Assert.True(p.WaitForExit(300_000), $"{file} timed out");
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {stdout.Result}\n{err.Result}");
        return stdout.Result;
    }
}
