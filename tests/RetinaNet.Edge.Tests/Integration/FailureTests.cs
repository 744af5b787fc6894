using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace RetinaNet.Edge.Tests.Integration;

[Collection("integration")]
public class FailureTests(SyntheticVideo video)
{
    private static AgentConfig Config(string modelPath, params ExecutionProvider[] providers) => new(
        new AgentOptions { Inference = new InferenceOptions { Providers = [.. providers] } }, [], Path.GetTempPath(), modelPath);

    [Fact]
    public void OnnxDetector_CorruptModel_ErrorNamesFile()
    {
        var path = Path.Combine(RepoPaths.TempFolder("corrupt"), "broken.onnx");
        File.WriteAllBytes(path, [.. File.ReadAllBytes(RepoPaths.DemoModel).Take(5000)]);
        var e = Assert.Throws<ModelLoadException>(() => RetinaNet.Edge.Hosting.ToolHost.Detector(Config(path, ExecutionProvider.Cpu), NullLogger.Instance));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void OnnxDetector_GpuProvidersUnavailable_FallsBackToCpu()
    {
        using var detector = RetinaNet.Edge.Hosting.ToolHost.Detector(Config(RepoPaths.DemoModel, ExecutionProvider.TensorRt, ExecutionProvider.Cuda, ExecutionProvider.Cpu), NullLogger.Instance);
        Assert.Equal(ExecutionProvider.Cpu, detector.ExecutionProvider);
        Assert.Equal(["circle", "square", "triangle", "cross"], detector.Model.Labels);
        Assert.True(detector.Model.DynamicBatch);
    }

    [Fact]
    public void OnnxDetector_OnlyUnavailableProviders_ClearError()
    {
        var e = Assert.Throws<ModelLoadException>(() => RetinaNet.Edge.Hosting.ToolHost.Detector(Config(RepoPaths.DemoModel, ExecutionProvider.Cuda), NullLogger.Instance));
        Assert.Contains("cuda", e.Message);
        Assert.Contains("cpu", e.Message);
    }

    [Fact]
    public async Task Run_BrokerDownAtStartThenRestarted_EventsDelivered()
    {
        // The subscriber's persistent session exists before the agent runs: the agent reconnects within 0.05 s of the
        // broker's return and may deliver its whole queue before a subscriber that connects only then could subscribe.
        using var broker = new Mosquitto(persistence: true);
        await broker.StartAsync();
        await using var sub = await MqttCollector.ConnectAsync(broker.Port, "test/#", persistentSession: true);
        await sub.PauseAsync();
        broker.StopGracefully();
        await using var agent = await AgentHarness.StartAsync(AgentHarness.AgentJson(broker.Port),
            ("cam1", $$"""{ "name": "cam1", "url": "{{video.Path}}", "realTime": false, "detectFps": 15 }"""));
        await Task.Delay(3000); // the whole file is processed while the broker is down; events wait in the queue
        Assert.False(agent.Sink.IsConnected);
        Assert.True(agent.Sink.Queued > 0);
        await broker.StartAsync();
        await sub.ResumeAsync();
        Assert.True(await sub.WaitFor(s => s.Events("new").Any(), TimeSpan.FromSeconds(40)), "queued events were not delivered after the broker came up");
        Assert.Equal(0, agent.Sink.Dropped);

        // Broker restarted mid-run: the agent reconnects and republishes availability.
        broker.Stop();
        await Task.Delay(1500);
        await broker.StartAsync();
        await using var sub2 = await MqttCollector.ConnectAsync(broker.Port, "test/availability");
        Assert.True(await sub2.WaitFor(s => s.Messages.Any(m => m.Payload == "online"), TimeSpan.FromSeconds(40)), "agent did not reconnect to the restarted broker");
    }
}
