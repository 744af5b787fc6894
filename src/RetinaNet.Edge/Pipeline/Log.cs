using Microsoft.Extensions.Logging;

namespace RetinaNet.Edge.Pipeline;

internal static partial class Log
{
    [LoggerMessage(30, LogLevel.Error, "Inference failed for a batch of {Count} frame(s): {Reason}")]
    public static partial void BatchFailed(ILogger logger, int count, string reason);
}
