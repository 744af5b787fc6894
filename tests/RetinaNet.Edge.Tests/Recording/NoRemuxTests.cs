using RetinaNet.Edge.Tests.Integration.Fixtures;

namespace RetinaNet.Edge.Tests.Recording;

/// <summary>Recording on, but a camera whose decoder does not remux its video (the GStreamer preset): the agent says
/// once, naming the camera and the reason, that it keeps no clips of it — nothing fails silently.</summary>
public class NoRemuxTests(SyntheticVideo video) : IClassFixture<SyntheticVideo>
{
    [Fact]
    public async Task Recording_CameraWithoutRemuxedVideo_SaysOnceWhyItHasNoClips()
    {
        string camera = $$"""{ "name": "gst", "url": "{{video.H264}}", "loop": true, "detectFps": 5, "decoder": "gstreamer" }""";
        // Disk floor off: on a nearly full CI disk the floor would delete the very clips under test.
        await using var agent = await AgentHarness.StartAsync(AgentHarness.AgentJson(Ports.Free(), embedded: true, rootExtra: """, "recording": { "enabled": true, "diskFloorMegabytes": 0 }"""), ("gst", camera));
        bool said = SpinWait.SpinUntil(() => agent.Logs.GetSnapshot().Any(r => r.Message.Contains("Camera gst: no event clips", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        Assert.True(said, string.Join("\n", agent.Logs.GetSnapshot().Select(r => r.Message)));
        await Task.Delay(2000);
        var lines = agent.Logs.GetSnapshot().Where(r => r.Message.Contains("no event clips", StringComparison.Ordinal)).ToList();
        Assert.Single(lines);
        Assert.Contains("gstreamer", lines[0].Message, StringComparison.Ordinal);
    }
}
