using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Web;

/// <summary>The dashboard's camera editor in Debian's headless chromium: add a camera, draw a zone and a line on its
/// live frame, save, remove another — checked against the files and the camera API.</summary>
[Collection("integration")]
public class DashboardEditorTests(SyntheticVideo video, ITestOutputHelper output)
{
    [Fact]
    public async Task Editor_AddDrawSaveRemove_FilesFollowAndLiveViewShowsTheZone()
    {
        string Cam(string name) => $$"""{ "name": "{{name}}", "url": "{{video.H264}}", "loop": true, "detectFps": 5 }""";
        await using var agent = await AgentHarness.StartAsync(AgentHarness.AgentJson(Ports.Free(), embedded: true), ("yard", Cam("yard")));
        var folder = Path.GetDirectoryName(agent.Config.Cameras[0].SourceFile)!;
        var shot = Path.Combine(RepoPaths.TempFolder("editor"), "editor.png");
        var (seen, stdout) = await BrowserScript.RunAsync("editor.mjs", $"http://127.0.0.1:{agent.HttpPort}/", shot, Cam("gate"));
        output.WriteLine(stdout);
        Assert.Empty(seen.GetProperty("errors").EnumerateArray());
        Assert.Equal("gate", string.Join(' ', seen.GetProperty("tiles").EnumerateArray().Select(t => t.GetString())));

        // The files are the truth: gate's has the drawn zone and line in the camera's pixels (640x360 filling the
        // 16:9 view: a click at 10 % of the width is x 64), yard's is gone.
        Assert.False(File.Exists(Path.Combine(folder, "yard.json")));
        var gate = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "gate.json"))).RootElement;
        var zone = gate.GetProperty("zones").EnumerateArray().Single();
        Assert.Equal("door", zone.GetProperty("name").GetString());
        var corners = zone.GetProperty("points").EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToList();
        Assert.Equal(3, corners.Count);
        (double X, double Y)[] expected = [(64, 36), (320, 36), (320, 324)];
        for (int i = 0; i < 3; i++)
        {
            Assert.InRange(corners[i].X, expected[i].X - 6, expected[i].X + 6);
            Assert.InRange(corners[i].Y, expected[i].Y - 6, expected[i].Y + 6);
        }
        var line = gate.GetProperty("lines").EnumerateArray().Single();
        Assert.Equal("walkway", line.GetProperty("name").GetString());
        Assert.InRange(line.GetProperty("from")[0].GetDouble(), 442, 454);
        Assert.InRange(line.GetProperty("to")[1].GetDouble(), 318, 330);
        Assert.Contains(seen.GetProperty("scene").GetProperty("zones").EnumerateArray(), z => z.GetProperty("name").GetString() == "door");
        // The agent runs what the files say.
        var cameras = agent.Services.GetRequiredService<RetinaNet.Edge.Cameras.CameraCatalog>();
        Assert.Null(cameras.Find("yard"));
        Assert.Equal("door", cameras.Find("gate")!.Zones.Single().Name);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri($"http://127.0.0.1:{agent.HttpPort}/api/config/cameras/yard"))).StatusCode);
        if (Environment.GetEnvironmentVariable("RETINANET_UPDATE_SCREENSHOT") == "1")
            File.Copy(shot, Path.Combine(RepoPaths.Root, "docs", "camera-editor.png"), overwrite: true);
    }
}
