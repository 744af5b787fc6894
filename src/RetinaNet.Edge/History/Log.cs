namespace RetinaNet.Edge.History;

internal static partial class Log
{
    [LoggerMessage(140, LogLevel.Warning, "History {Path} could not be read ({Problem}); moved aside to {Aside}, a fresh one started")]
    public static partial void MovedAside(ILogger logger, string path, string problem, string aside);

    [LoggerMessage(141, LogLevel.Error, "History not kept: {Problem}; events are published as usual, the review page lists clips only")]
    public static partial void Unavailable(ILogger logger, string problem);

    [LoggerMessage(142, LogLevel.Warning, "History: {Count} entries dropped in the last minute (writer queue of {Capacity} full; the events themselves were published)")]
    public static partial void Dropped(ILogger logger, long count, int capacity);

    [LoggerMessage(143, LogLevel.Error, "History: writing {Count} entries failed: {Problem}")]
    public static partial void WriteFailed(ILogger logger, int count, string problem);

    [LoggerMessage(144, LogLevel.Information, "History: forgot {Count} objects (older than {Hours} h or beyond {Max})")]
    public static partial void Expired(ILogger logger, int count, double hours, int max);
}
