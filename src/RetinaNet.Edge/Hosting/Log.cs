using Microsoft.Extensions.Logging;

namespace RetinaNet.Edge.Hosting;

internal static partial class Log
{
    [LoggerMessage(50, LogLevel.Critical, "Stopping the systemd watchdog pings so that systemd restarts the agent: {Problems}")]
    public static partial void WatchdogWithheld(ILogger logger, string problems);

    [LoggerMessage(51, LogLevel.Warning, "Native decoder (in-process): {Count} message(s) about damaged data since the last report, e.g. \"{Example}\"")]
    public static partial void NativeDecoder(ILogger logger, long count, string example);

    [LoggerMessage(52, LogLevel.Information, "Native library: {Line} (further lines within 10 s are counted, not logged)")]
    public static partial void NativeMessage(ILogger logger, string line);
}
