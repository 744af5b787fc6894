using Microsoft.Extensions.Logging;

namespace RetinaNet.Edge.Publishing;

internal static partial class Log
{
    [LoggerMessage(20, LogLevel.Information, "MQTT connected to {Host}:{Port} (MQTT {Protocol})")]
    public static partial void Connected(ILogger logger, string host, int port, string protocol);

    [LoggerMessage(21, LogLevel.Warning, "MQTT broker {Host}:{Port}: {Reason}; retrying (next in {Delay:F1} s, at most mqtt.reconnectMaxSeconds apart); events wait in the outbox")]
    public static partial void ConnectFailed(ILogger logger, string host, int port, string reason, double delay);

    [LoggerMessage(22, LogLevel.Information, "Embedded MQTT broker listening on 127.0.0.1:{Port}")]
    public static partial void EmbeddedBroker(ILogger logger, int port);

    [LoggerMessage(23, LogLevel.Warning, "MQTT QoS 0 queue full (mqtt.queueCapacity); dropped message for {Topic}")]
    public static partial void Dropped(ILogger logger, string topic);

    [LoggerMessage(24, LogLevel.Warning, "MQTT connection to {Endpoint} lost ({Reason}); reconnecting")]
    public static partial void ConnectionLost(ILogger logger, string endpoint, string reason);

    [LoggerMessage(25, LogLevel.Information, "MQTT broker {Endpoint} does not speak MQTT 5; using 3.1.1")]
    public static partial void ProtocolFallback(ILogger logger, string endpoint);

    [LoggerMessage(26, LogLevel.Error, "MQTT broker rejected the message for {Topic} ({Reason}); removed from the outbox so that later events are not held back")]
    public static partial void PublishRejected(ILogger logger, string topic, string reason);

    [LoggerMessage(30, LogLevel.Information, "Outbox {Path}: {Count} events ({Megabytes:F2} MB) from before the restart wait for the broker")]
    public static partial void OutboxResumed(ILogger logger, long count, double megabytes, string path);

    [LoggerMessage(31, LogLevel.Warning, "Outbox over its budget of {Megabytes} MB (mqtt.outbox.maxMegabytes) at {Path}: dropping the oldest events until the broker drains it (counted in /metrics and PREFIX/stats)")]
    public static partial void OutboxOverBudget(ILogger logger, double megabytes, string path);

    [LoggerMessage(32, LogLevel.Information, "Outbox back within budget; {Dropped} events were dropped in this episode")]
    public static partial void OutboxBackWithinBudget(ILogger logger, long dropped);

    [LoggerMessage(33, LogLevel.Warning, "Outbox: {Count} events older than {Hours} h (mqtt.outbox.maxAgeHours) dropped unsent")]
    public static partial void OutboxExpired(ILogger logger, int count, double hours);

    [LoggerMessage(34, LogLevel.Error, "Outbox {Path} unreadable ({Reason}); moved aside to {Aside}, starting a fresh one")]
    public static partial void OutboxMovedAside(ILogger logger, string path, string reason, string aside);

    [LoggerMessage(35, LogLevel.Error, "Outbox not durable: {Problem}")]
    public static partial void OutboxInMemory(ILogger logger, string problem);

    [LoggerMessage(36, LogLevel.Error, "Outbox {Path}: write failed ({Reason}); events are lost until it recovers (counted)")]
    public static partial void OutboxWriteFailed(ILogger logger, string path, string reason);

    [LoggerMessage(37, LogLevel.Information, "Outbox {Path} writable again; {Failures} events could not be stored meanwhile")]
    public static partial void OutboxWriteRecovered(ILogger logger, string path, long failures);
}
