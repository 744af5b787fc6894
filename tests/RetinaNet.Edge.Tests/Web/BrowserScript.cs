using System.Diagnostics;
using System.Text.Json;

namespace RetinaNet.Edge.Tests.Web;

/// <summary>Runs one of <c>Web/browser/*.mjs</c> in node: playwright-core driving Debian's headless chromium (no browser
/// is downloaded). The script prints what it saw as JSON on its last line; a failed script fails the test with its
/// standard error (what the page showed when a step timed out).</summary>
internal static class BrowserScript
{
    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "RetinaNet.Edge.Tests", "Web", "browser");

    public static async Task<(JsonElement Seen, string Output)> RunAsync(string script, params string[] args)
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is required (tests/run.sh installs it)");
        Assert.True(Directory.Exists(Path.Combine(Folder, "node_modules", "playwright-core")), "run npm ci in " + Folder);
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder };
        psi.ArgumentList.Add(Path.Combine(Folder, script));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var node = Process.Start(psi)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            try { await node.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException)
            {
                node.Kill(entireProcessTree: true);
                Assert.Fail($"{script} did not finish in 3 minutes");
            }
        }
        Assert.True(node.ExitCode == 0, await stderr);
        var text = await stdout;
        return (JsonDocument.Parse(text.Trim().Split('\n')[^1]).RootElement.Clone(), text);
    }
}
