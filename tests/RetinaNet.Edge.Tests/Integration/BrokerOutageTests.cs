using System.Diagnostics;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Integration;

/// <summary>A real mosquitto (persistence on) stopped for 60 s under a camera producing well over 15 events/s; a QoS 1
/// subscriber with a persistent session is the consumer. Its own collection, so it overlaps the other suites.</summary>
public class BrokerOutageTests(SyntheticVideo video, ITestOutputHelper output) : IClassFixture<SyntheticVideo>
{
    /// <summary>Every frame of every confirmed track is an update: ~3 objects × 15 detections/s.</summary>
    internal static string BusyCamera(SyntheticVideo video) =>
        $$"""{ "name": "cam1", "url": "{{video.Path}}", "loop": true, "realTime": true, "detectFps": 15, "minScore": 0.3 }""";

    [Fact]
    public async Task Outage_BrokerStopped60s_EveryEventDeliveredOnceOrAsMarkedDuplicateInOrder()
    {
        using var broker = new Mosquitto(persistence: true);
        await broker.StartAsync();
        await using var sub = await MqttCollector.ConnectAsync(broker.Port, "test/cameras/+/events", persistentSession: true);
        await using var agent = await AgentHarness.StartAsync(AgentHarness.AgentJson(broker.Port, trackingExtra: ", \"updateIntervalSeconds\": 0.1"), ("cam1", BusyCamera(video)));
        var outbox = agent.Sink.Outbox;
        Assert.True(await sub.WaitFor(s => s.Events().Count() >= 50, TimeSpan.FromSeconds(60)), "no events before the outage");

        await sub.PauseAsync();
        broker.StopGracefully();
        long seqAtStop = outbox.LastSeq("cam1");
        var outage = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(60));
        long seqAtReturn = outbox.LastSeq("cam1");
        double rate = (seqAtReturn - seqAtStop) / outage.Elapsed.TotalSeconds;
        Assert.False(agent.Sink.IsConnected);
        Assert.True(outbox.PendingCount > 0);

        await broker.StartAsync();
        await sub.ResumeAsync();
        var back = Stopwatch.StartNew();
        Assert.True(await sub.WaitFor(s => s.Events().Any(e => e.GetProperty("seq").GetInt64() == seqAtStop + 1), TimeSpan.FromSeconds(30)), "backlog not delivered");
        double firstBacklogSeconds = back.Elapsed.TotalSeconds;
        Assert.True(await sub.WaitFor(s => DeliveryCheck.Of(s.Events(), "cam1", seqAtReturn).Missing.Count == 0, TimeSpan.FromSeconds(60)));
        double drainedSeconds = back.Elapsed.TotalSeconds;
        await agent.StopAsync(); // ends open tracks, flushes
        long last = outbox.LastSeq("cam1");
        await sub.WaitFor(s => DeliveryCheck.Of(s.Events(), "cam1", last).Missing.Count == 0, TimeSpan.FromSeconds(10));

        var check = DeliveryCheck.Of(sub.Events(), "cam1", last);
        output.WriteLine($"outage 60 s at {rate:F1} events/s: generated during outage {seqAtReturn - seqAtStop}, whole run {last}; {check}; " +
                         $"first backlog event {firstBacklogSeconds:F2} s after the broker returned, outage backlog delivered after {drainedSeconds:F2} s; dropped {agent.Sink.Dropped}");
        // The outage must leave a real backlog (the events/s themselves depend on how busy the box is with other tests).
        Assert.True(seqAtReturn - seqAtStop >= 500, $"only {seqAtReturn - seqAtStop} events generated during the outage ({rate:F1} events/s)");
        Assert.Empty(check.Missing);
        Assert.True(check.InOrder, "per-camera order");
        Assert.True(check.DuplicatesKeepId);
        Assert.Equal(0, agent.Sink.Dropped);
        Assert.Equal(0, outbox.PendingCount);
    }
}
