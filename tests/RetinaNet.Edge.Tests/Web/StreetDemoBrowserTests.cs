using RetinaNet.Edge.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Web;

/// <summary>What deploy/demo.sh shows, checked: the shipped street model (int8) on OpenCV's real footage (vtest.avi,
/// the repository's config/cameras/street.json as it is), in the dashboard in headless chromium — walkers tracked as
/// people, one of them crossing the counting line and counted on the page.</summary>
[Collection("integration")]
public class StreetDemoBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Dashboard_StreetModelOnVtest_WalkersTrackedAndCounted()
    {
        var model = Path.Combine(RepoPaths.Root, "models", "retinanet-street-int8.onnx");
        var camera = File.ReadAllText(Path.Combine(RepoPaths.Root, "config", "cameras", "street.json"));
        await using var agent = await AgentHarness.StartAsync(
            AgentHarness.AgentJson(Ports.Free(), embedded: true).Replace(RepoPaths.DemoModel, model, StringComparison.Ordinal), ("street", camera));
        var shot = Path.Combine(RepoPaths.TempFolder("street"), "street.png");
        var (seen, stdout) = await BrowserScript.RunAsync("street.mjs", $"http://127.0.0.1:{agent.HttpPort}/", shot);
        output.WriteLine(stdout);
        Assert.All(seen.GetProperty("states").EnumerateArray(), s => Assert.Equal("streaming", s.GetString()));
        Assert.Contains("person", seen.GetProperty("counts").GetString(), StringComparison.Ordinal);
        Assert.Contains(seen.GetProperty("events").EnumerateArray(), e => e.GetString()!.Contains("person", StringComparison.Ordinal));
        Assert.Contains(seen.GetProperty("crossings").EnumerateArray(), c => c.GetString()!.StartsWith("street/middle: in ", StringComparison.Ordinal));
        if (Environment.GetEnvironmentVariable("RETINANET_UPDATE_SCREENSHOT") == "1")
            File.Copy(shot, Path.Combine(RepoPaths.Root, "docs", "street-demo.png"), overwrite: true);
    }
}
