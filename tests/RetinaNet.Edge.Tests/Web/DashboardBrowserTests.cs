using System.Diagnostics;
using System.Text.Json;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Web;

/// <summary>The dashboard in Debian's headless chromium, driven by playwright-core (tests/run.sh installs both).</summary>
[Collection("integration")]
public class DashboardBrowserTests(SyntheticVideo video, ITestOutputHelper output)
{
    [Fact]
    public async Task Dashboard_HeadlessChromium_ShowsEveryCameraLiveViewAndEvents()
    {
        string Cam(string name) => $$"""{ "name": "{{name}}", "url": "{{video.Path}}", "loop": true, "detectFps": 10, "zones": [ { "name": "left-half", "points": [[0, 0], [320, 0], [320, 360], [0, 360]] } ] }""";
        await using var agent = await AgentHarness.StartAsync(AgentHarness.AgentJson(Ports.Free(), embedded: true).Replace("\"http\": { \"port\": 0 }", "\"http\": { \"port\": 0 }, \"liveView\": { \"mjpegFps\": 8 }", StringComparison.Ordinal),
            ("yard", Cam("yard")), ("gate", Cam("gate")));
        var shot = Path.Combine(RepoPaths.TempFolder("dashboard"), "dashboard.png");
        var (seen, stdout) = await BrowserScript.RunAsync("dashboard.mjs", $"http://127.0.0.1:{agent.HttpPort}/", shot, "2");
        output.WriteLine(stdout);
        Assert.Equal(["gate", "yard"], seen.GetProperty("cameras").EnumerateArray().Select(c => c.GetString()).Order());
        Assert.All(seen.GetProperty("states").EnumerateArray(), s => Assert.Equal("streaming", s.GetString()));
        Assert.True(seen.GetProperty("events").GetInt32() > 0);
        // Live views are the detector's working-size frames (the 640x360 cameras fitted into the model's 384x256).
        Assert.All(seen.GetProperty("imageWidths").EnumerateArray(), w => Assert.Equal(384, w.GetInt32()));
        Assert.True(new FileInfo(shot).Length > 10_000);
        if (Environment.GetEnvironmentVariable("RETINANET_UPDATE_SCREENSHOT") == "1")
            File.Copy(shot, Path.Combine(RepoPaths.Root, "docs", "dashboard.png"), overwrite: true);
    }
}
