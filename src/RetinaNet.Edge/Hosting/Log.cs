using Microsoft.Extensions.Logging;

namespace RetinaNet.Edge.Hosting;

internal static partial class Log
{
    [LoggerMessage(50, LogLevel.Critical, "Stopping the systemd watchdog pings so that systemd restarts the agent: {Problems}")]
    public static partial void WatchdogWithheld(ILogger logger, string problems);
}
