using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Deploy;

/// <summary>The installed layout under the unit's sandbox: <c>deploy/install.sh --root</c> stages the service
/// (tests/run.sh passes its stage in RETINANET_EDGE_STAGE; alone, the test stages one), then the installed agent runs
/// in a private mount namespace where the stage is read-only except the unit's own <c>ReadWritePaths</c> — what
/// <c>ProtectSystem=strict</c> does on a real install. The camera API must be able to add and remove a camera there.</summary>
public sealed class StagedInstallTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CameraApi_InstalledUnderUnitSandbox_AddsAndRemovesCamera()
    {
        var stage = Environment.GetEnvironmentVariable("RETINANET_EDGE_STAGE") is { Length: > 0 } s ? s : Stage();
        var etc = Path.Combine(stage, "etc", "retinanet-edge");
        var unit = File.ReadAllLines(Path.Combine(stage, "etc", "systemd", "system", "retinanet-edge.service"));
        Assert.Contains("ProtectSystem=strict", unit);
        var writable = unit.Where(l => l.StartsWith("ReadWritePaths=", StringComparison.Ordinal)).SelectMany(l => l["ReadWritePaths=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        // The installed agent.json with the stage's paths and free ports (as install.sh's own check does).
        var configPath = Path.Combine(etc, "agent.json");
        var text = (await File.ReadAllTextAsync(configPath)).Replace("\"/opt/", $"\"{stage}/opt/", StringComparison.Ordinal).Replace("\"/var/lib/", $"\"{stage}/var/lib/", StringComparison.Ordinal);
        var config = JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();
        int http = Ports.Free();
        config["http"]!["port"] = http;
        config["mqtt"]!["embeddedPort"] = Ports.Free();
        await File.WriteAllTextAsync(configPath, config.ToJsonString());
        foreach (var d in writable) Directory.CreateDirectory(stage + d);

        // unshare -m: a private mount namespace (propagation private); the stage read-only, its ReadWritePaths writable.
        var script = $"set -e; mount --bind '{stage}' '{stage}'; mount -o remount,bind,ro '{stage}'; " +
            string.Concat(writable.Select(p => $"mount --bind '{stage}{p}' '{stage}{p}'; mount -o remount,bind,rw '{stage}{p}'; ")) +
            $"if touch '{etc}/probe' 2>/dev/null; then echo 'the sandbox is not read-only'; exit 97; fi; " +
            $"exec '{stage}/opt/retinanet-edge/retinanet-edge' run --config '{configPath}'";
        using var agent = new ExternalProcess("unshare", "-m", "--propagation", "private", "sh", "-c", script);
        agent.Start();
        try
        {
            await Ports.WaitListening(http, TimeSpan.FromSeconds(60));
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };
            using var body = new StringContent($$"""{ "name": "door", "url": "{{Footage}}", "loop": true, "detectFps": 2 }""", System.Text.Encoding.UTF8, "application/json");
            var put = await client.PutAsync(new Uri("/api/config/cameras/door", UriKind.Relative), body);
            output.WriteLine($"PUT {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            Assert.True(File.Exists(Path.Combine(etc, "cameras", "door.json")));
            var delete = await client.DeleteAsync(new Uri("/api/config/cameras/door", UriKind.Relative));
            Assert.True(delete.IsSuccessStatusCode, $"DELETE {(int)delete.StatusCode}");
            Assert.False(File.Exists(Path.Combine(etc, "cameras", "door.json")));
        }
        finally
        {
            var (code, _) = agent.Terminate(TimeSpan.FromSeconds(30));
            output.WriteLine($"agent exit {code?.ToString(CultureInfo.InvariantCulture) ?? "killed"}\n{agent.Output}");
        }
    }

    private const string Footage = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    private static string Stage()
    {
        var stage = RepoPaths.TempFolder("stage");
        ExternalTool.Run(Path.Combine(RepoPaths.Root, "deploy", "install.sh"), "--root", stage, "--no-start");
        return stage;
    }
}
