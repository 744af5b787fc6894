using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Publishing;
using RetinaNet.Edge.Publishing.Outbox;

namespace RetinaNet.Edge.Tests.Publishing;

/// <summary>The sink's queueing without a broker and without its loops (nothing connects, nothing waits): what is
/// stored, what is dropped and counted, what only keeps its latest value. Time is a <see cref="FakeTimeProvider"/>.</summary>
public class MqttEventSinkQueueTests
{
    private static (MqttEventSink Sink, SqliteOutbox Outbox) Make(int qos, int capacity, TestMeters meters, FakeLogger<MqttEventSink>? logger = null)
    {
        var options = new AgentOptions { Mqtt = new MqttOptions { Host = "127.0.0.1", Port = 1, Qos = qos, QueueCapacity = capacity, TopicPrefix = "q" } };
        var config = new AgentConfig(options, [], RepoPaths.TempFolder("sink-queue"), "");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var outbox = new SqliteOutbox(Path.Combine(config.BaseDirectory, "state"), options.Mqtt.Outbox, time, NullLogger.Instance);
        return (new MqttEventSink(Microsoft.Extensions.Options.Options.Create(config.Agent.Mqtt), AgentPaths.Of(config), outbox, time, logger ?? new FakeLogger<MqttEventSink>(), meters.Factory), outbox);
    }

    [Fact]
    public async Task Publish_Qos0QueueFull_NewestDroppedCountedAndLogged()
    {
        using var meters = new TestMeters();
        using var dropped = new MetricCollector<long>(meters.Factory, PublishingMetrics.MeterName, "retinanet.mqtt.dropped");
        var logger = new FakeLogger<MqttEventSink>();
        var (sink, outbox) = Make(qos: 0, capacity: 10, meters, logger);
        await using (sink)
        using (outbox)
        {
            for (int i = 0; i < 15; i++) sink.Publish(OutboxEvent(i));
            Assert.Equal(10, sink.Queued);
            Assert.Equal(5, sink.Dropped);
            Assert.Equal(0, outbox.PendingCount); // QoS 0 never touches the disk
            dropped.RecordObservableInstruments();
            Assert.Equal(5, dropped.LastMeasurement!.Value);
            Assert.Equal(5, logger.Collector.GetSnapshot().Count(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning));
        }
    }

    [Fact]
    public async Task Publish_Qos1BrokerAway_EveryEventStoredStampedInOrderNothingDropped()
    {
        using var meters = new TestMeters();
        var (sink, outbox) = Make(qos: 1, capacity: 10, meters);
        await using (sink)
        using (outbox)
        {
            var stamped = Enumerable.Range(0, 50).Select(i => sink.Publish(OutboxEvent(i))).ToList();
            Assert.Equal(50, sink.Queued); // the QoS 0 capacity does not bound the durable outbox
            Assert.Equal(0, sink.Dropped);
            Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), stamped.Select(e => e.Seq));
            Assert.Equal(50, stamped.Select(e => e.Id).Distinct().Count());
            Assert.Equal(50, outbox.PendingCount);
        }
    }

    [Fact]
    public async Task PublishValue_SameTopicManyTimes_OnlyTheLatestWaits()
    {
        using var meters = new TestMeters();
        var (sink, outbox) = Make(qos: 1, capacity: 10, meters);
        await using (sink)
        using (outbox)
        {
            for (int i = 0; i < 100; i++) sink.PublishValue("cam", "zones/door/count", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            sink.PublishCounts("cam", new Dictionary<string, int> { ["person"] = 2, ["car"] = 1 });
            Assert.Equal(3, sink.RetainedTopics); // state: latest value per topic, however often it changed
            Assert.Equal(0, sink.Queued); // and none of it is event history
        }
    }

    private static RetinaNet.Edge.Events.TrackEvent OutboxEvent(int i) => RetinaNet.Edge.Benchmarking.OutboxBench.Event(i);
}
