using Microsoft.Extensions.DependencyInjection;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Integration;

[Collection("integration")]
public class MultiCameraBatchingTests(SyntheticVideo video, ITestOutputHelper output)
{
    private static readonly string[] Names = ["a", "b", "c"];

    [Fact]
    public async Task Run_ThreeFileCameras_BatchedAndEveryFrameProcessed()
    {
        int port = Ports.Free();
        string Cam(string name) => $$"""{ "name": "{{name}}", "url": "{{video.Path}}", "realTime": false, "detectFps": 15 }""";
        await using var agent = await AgentHarness.StartAsync(AgentHarness.AgentJson(port, embedded: true), ("a", Cam("a")), ("b", Cam("b")), ("c", Cam("c")));
        await using var sub = await MqttCollector.ConnectAsync(port, "test/#");
        var cams = agent.Pipeline.Current;
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (cams.Any(c => c.FramesProcessed < SyntheticVideo.Frames) && DateTime.UtcNow < deadline) await Task.Delay(200);
        var metrics = agent.Detector.Metrics;
        output.WriteLine($"{metrics.Frames} frames in {metrics.Batches} runs ({(double)metrics.Frames / metrics.Batches:F2} frames per run)");
        Assert.All(cams, c => Assert.Equal(SyntheticVideo.Frames, c.FramesProcessed));
        Assert.All(cams, c => Assert.Equal(0, c.Capture.Status.FramesDropped));
        Assert.True(metrics.Frames > metrics.Batches * 1.5, "frames of different cameras were not batched");
        Assert.True(await sub.WaitFor(s => Names.All(n => s.Events("new").Any(e => e.GetProperty("camera").GetString() == n)), TimeSpan.FromSeconds(20)));
    }
}
