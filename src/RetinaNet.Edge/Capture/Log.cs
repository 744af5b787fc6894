using Microsoft.Extensions.Logging;

namespace RetinaNet.Edge.Capture;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Camera {Camera}: streaming {Width}x{Height} from {Source}")]
    public static partial void Streaming(ILogger logger, string camera, int width, int height, string source);

    [LoggerMessage(2, LogLevel.Warning, "Camera {Camera}: {Reason}; reconnecting in {Delay:F1} s (attempt {Attempt})")]
    public static partial void Reconnecting(ILogger logger, string camera, string reason, double delay, int attempt);

    [LoggerMessage(3, LogLevel.Warning, "Camera {Camera}: no frame for {Seconds:F0} s; restarting the source")]
    public static partial void Stalled(ILogger logger, string camera, double seconds);

    [LoggerMessage(5, LogLevel.Warning, "Camera {Camera}: stream interrupted ({Reason}); reconnecting")]
    public static partial void Interrupted(ILogger logger, string camera, string reason);

    [LoggerMessage(6, LogLevel.Information, "Camera {Camera}: streaming again after {Seconds:F1} s ({Reconnects} reconnects so far)")]
    public static partial void StreamingAgain(ILogger logger, string camera, double seconds, long reconnects);

    [LoggerMessage(7, LogLevel.Warning, "Camera {Camera}: {Count} decoder error(s) on damaged data since the last report, e.g. \"{Example}\"")]
    public static partial void DecoderErrors(ILogger logger, string camera, long count, string example);

    [LoggerMessage(4, LogLevel.Information, "Camera {Camera}: end of file")]
    public static partial void EndOfFile(ILogger logger, string camera);
}
