using Microsoft.Extensions.Logging;

namespace RetinaNet.Edge.Pipeline;

internal static partial class Log
{
    [LoggerMessage(40, LogLevel.Error, "Error in {What}: {Type}: {Message} ({Suppressed} more since the last report); the pipeline goes on")]
    public static partial void StageError(ILogger logger, string what, string type, string message, long suppressed, Exception exception);

    [LoggerMessage(41, LogLevel.Critical, "The {Loop} loop ended with {Type}: {Message}; the agent reports not ready and stops its watchdog pings so that systemd restarts it")]
    public static partial void LoopEnded(ILogger logger, string loop, string type, string message, Exception exception);

    [LoggerMessage(42, LogLevel.Error, "The pipeline did not stop within 5 s (a loop is hung, e.g. in the detector); exiting without waiting for it")]
    public static partial void StopTimedOut(ILogger logger);
}
