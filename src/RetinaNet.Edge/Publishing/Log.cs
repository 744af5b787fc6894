using Microsoft.Extensions.Logging;

namespace RetinaNet.Edge.Publishing;

internal static partial class Log
{
    [LoggerMessage(20, LogLevel.Information, "MQTT connected to {Host}:{Port}")]
    public static partial void Connected(ILogger logger, string host, int port);

    [LoggerMessage(21, LogLevel.Warning, "MQTT broker {Host}:{Port} unreachable ({Reason}); retrying in {Delay:F0} s")]
    public static partial void ConnectFailed(ILogger logger, string host, int port, string reason, double delay);

    [LoggerMessage(22, LogLevel.Information, "Embedded MQTT broker listening on 127.0.0.1:{Port}")]
    public static partial void EmbeddedBroker(ILogger logger, int port);

    [LoggerMessage(23, LogLevel.Warning, "MQTT publish queue full; dropped message for {Topic}")]
    public static partial void Dropped(ILogger logger, string topic);
}
