using System.Net;
using RetinaNet.Edge.Publishing.Outbox;
using RetinaNet.Edge.Tests.Integration.Fixtures;

namespace RetinaNet.Edge.Tests.Integration;

/// <summary>Delivery faults that need no long outage: a refused login, a damaged outbox file at start, the disk budget.</summary>
[Collection("integration")]
public class DeliveryFaultTests(SyntheticVideo video)
{
    private string Camera => $$"""{ "name": "cam1", "url": "{{video.Path}}", "loop": true, "realTime": true, "detectFps": 15 }""";

    [Fact]
    public async Task Connect_WrongPassword_ReasonLoggedOnceReadyzSaysWhyPipelineRuns()
    {
        using var broker = new Mosquitto(user: ("edge", "right-secret"));
        await broker.StartAsync();
        Environment.SetEnvironmentVariable("TEST_MQTT_PASSWORD", "wrong-secret-123");
        try
        {
            await using var agent = await AgentHarness.StartAsync(
                AgentHarness.AgentJson(broker.Port, mqttExtra: ", \"username\": \"edge\", \"passwordEnv\": \"TEST_MQTT_PASSWORD\", \"reconnectMaxSeconds\": 0.5"), ("cam1", Camera));
            await Task.Delay(TimeSpan.FromSeconds(6)); // several attempts at the 0.5 s cap
            var refused = agent.Logs.GetSnapshot().Where(r => r.Message.Contains("bad user name or password", StringComparison.Ordinal) || r.Message.Contains("not authorized", StringComparison.Ordinal)).ToList();
            Assert.Single(refused); // once per change of reason, not once per attempt
            Assert.DoesNotContain(agent.Logs.GetSnapshot(), r => r.Message.Contains("wrong-secret-123", StringComparison.Ordinal));
            Assert.True(agent.Pipeline.Current[0].FramesProcessed > 20, "pipeline stopped");
            using var http = new HttpClient();
            var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{agent.HttpPort}/readyz"));
            var body = await ready.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("broker refused the connection", body, StringComparison.Ordinal);
            Assert.True(agent.Sink.Outbox.PendingCount > 0, "events wait in the outbox");
        }
        finally { Environment.SetEnvironmentVariable("TEST_MQTT_PASSWORD", null); }
    }

    [Fact]
    public async Task Start_GarbageOutboxFile_MovedAsideAgentDelivers()
    {
        using var broker = new Mosquitto();
        await broker.StartAsync();
        var state = RepoPaths.TempFolder("state");
        File.WriteAllText(Path.Combine(state, SqliteOutbox.FileName), "this is not an SQLite database, it is what a torn write can leave behind");
        await using var sub = await MqttCollector.ConnectAsync(broker.Port, "test/cameras/+/events");
        await using var agent = await AgentHarness.StartAsync(AgentHarness.AgentJson(broker.Port, rootExtra: $", \"stateFolder\": \"{state}\""), ("cam1", Camera));
        Assert.True(await sub.WaitFor(s => s.Events("new").Any(), TimeSpan.FromSeconds(40)));
        Assert.Single(Directory.GetFiles(state, SqliteOutbox.FileName + ".bad-*"));
        Assert.Contains(agent.Logs.GetSnapshot(), r => r.Message.Contains("moved aside", StringComparison.Ordinal));
        Assert.Null(agent.Sink.Outbox.Problem);
    }

    [Fact]
    public async Task Outage_OverDiskBudget_OldestDroppedCountExactNewestDelivered()
    {
        using var broker = new Mosquitto(persistence: true);
        await broker.StartAsync();
        await using var sub = await MqttCollector.ConnectAsync(broker.Port, "test/cameras/+/events", persistentSession: true);
        await using var agent = await AgentHarness.StartAsync(
            AgentHarness.AgentJson(broker.Port, mqttExtra: ", \"outbox\": { \"maxMegabytes\": 0.02 }", trackingExtra: ", \"updateIntervalSeconds\": 0.1"), ("cam1", Camera));
        var outbox = agent.Sink.Outbox;
        Assert.True(await sub.WaitFor(s => s.Events().Any(), TimeSpan.FromSeconds(40)));
        await sub.PauseAsync();
        broker.StopGracefully();
        Assert.True(SpinWait.SpinUntil(() => outbox.DroppedOverBudget > 50, TimeSpan.FromSeconds(60)), "budget never exceeded");
        await broker.StartAsync();
        await sub.ResumeAsync();
        Assert.True(SpinWait.SpinUntil(() => agent.Sink.IsConnected && agent.Sink.Queued == 0, TimeSpan.FromSeconds(30)), "backlog not drained");
        await agent.StopAsync();
        long last = outbox.LastSeq("cam1");
        await sub.WaitFor(s => s.Events().Any(e => e.GetProperty("seq").GetInt64() == last), TimeSpan.FromSeconds(15));
        var check = DeliveryCheck.Of(sub.Events(), "cam1", last);
        // Exactly the dropped ones are missing, and they are the oldest waiting ones: one run of sequence numbers, split
        // only where an event was on its way to the broker at that moment (spared) while the backlog drained.
        Assert.Equal(outbox.DroppedOverBudget, check.Missing.Count);
        int runs = 1 + check.Missing.Zip(check.Missing.Skip(1)).Count(p => p.Second != p.First + 1);
        Assert.True(runs <= 3, $"{runs} separate runs of dropped events: {string.Join(",", check.Missing)}");
        Assert.True(check.InOrder);
        Assert.Contains(agent.Logs.GetSnapshot(), r => r.Message.Contains("over its budget", StringComparison.Ordinal));
    }
}
