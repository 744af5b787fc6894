using System.Diagnostics;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Integration;

[Collection("integration")]
public class RtspCameraTests(SyntheticVideo video, ITestOutputHelper output)
{
    private static string Camera(string url) => $$"""{ "name": "rtsp1", "url": "{{url}}", "detectFps": 10, "stallSeconds": 3, "reconnectMaxSeconds": 2 }""";

    private static string? State(MqttCollector sub) => sub.LastStatus("rtsp1")?.GetProperty("state").GetString();
    private static long Processed(MqttCollector sub) => sub.LastStatus("rtsp1")?.GetProperty("framesProcessed").GetInt64() ?? 0;

    [Fact]
    public async Task Run_GstRtspServer_EventsFlowAndStreamRecoversAfterServerRestart()
    {
        using var broker = new Mosquitto();
        await broker.StartAsync();
        using var server = new RtspServer(video.Path);
        await server.StartAsync();
        await using var sub = await MqttCollector.ConnectAsync(broker.Port, "test/#");
        await using var agent = await AgentHarness.StartAsync(AgentHarness.AgentJson(broker.Port), ("rtsp1", Camera(server.Url)));

        var clock = Stopwatch.StartNew();
        Assert.True(await sub.WaitFor(s => s.Events("new").Any(e => e.GetProperty("camera").GetString() == "rtsp1"), TimeSpan.FromSeconds(60)),
            "no event from the RTSP camera; server said: " + server.Output);
        var pipeline = agent.Pipeline.Current.Single();
        await Task.Delay(4000);
        double fps = pipeline.FramesProcessed / clock.Elapsed.TotalSeconds;
        output.WriteLine($"first event after {clock.Elapsed.TotalSeconds:F1} s; {pipeline.FramesProcessed} frames processed ({fps:F1}/s), {sub.Events().Count()} events");

        // The server goes away mid-stream: the agent keeps running and says so.
        server.Stop();
        Assert.True(await sub.WaitFor(s => State(s) == "reconnecting", TimeSpan.FromSeconds(30)), $"status stayed {State(sub)}");
        long before = pipeline.FramesProcessed;
        await Task.Delay(3000);

        // It comes back on the same port: frames resume.
        using var again = new RtspServer(video.Path, server.Port);
        await again.StartAsync();
        var back = Stopwatch.StartNew();
        Assert.True(await sub.WaitFor(_ => pipeline.FramesProcessed > before + 5, TimeSpan.FromSeconds(60)), "frames did not resume after the server returned");
        output.WriteLine($"frames resumed {back.Elapsed.TotalSeconds:F1} s after the RTSP server returned; reconnects {pipeline.Capture.Status.Reconnects}");
        Assert.True(await sub.WaitFor(s => State(s) == "streaming", TimeSpan.FromSeconds(15)));
        Assert.True(pipeline.Capture.Status.Reconnects >= 1);
    }

    [Fact]
    public async Task Run_CameraUnreachableAtStart_ReportsReconnectingThenStreams()
    {
        using var broker = new Mosquitto();
        await broker.StartAsync();
        int port = Ports.Free();
        await using var sub = await MqttCollector.ConnectAsync(broker.Port, "test/#");
        await using var agent = await AgentHarness.StartAsync(AgentHarness.AgentJson(broker.Port), ("rtsp1", Camera($"rtsp://127.0.0.1:{port}/test")));
        Assert.True(await sub.WaitFor(s => State(s) == "reconnecting", TimeSpan.FromSeconds(30)));
        Assert.Contains("127.0.0.1", sub.LastStatus("rtsp1")!.Value.GetProperty("lastError").GetString());

        using var server = new RtspServer(video.Path, port);
        await server.StartAsync();
        Assert.True(await sub.WaitFor(s => State(s) == "streaming" && Processed(s) > 0 || agent.Pipeline.Current.Single().FramesProcessed > 10, TimeSpan.FromSeconds(60)),
            "never streamed after the camera appeared");
    }
}
