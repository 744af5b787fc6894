
namespace RetinaNet.Edge.Snapshots;

internal static partial class Log
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Snapshot queue full: {Dropped} snapshot(s) not taken so far (disk slower than events)")]
    public static partial void QueueFull(ILogger logger, long dropped);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Snapshot of camera {Camera} not written: {Reason} ({Failed} failed so far)")]
    public static partial void WriteFailed(ILogger logger, string camera, string reason, long failed);
}
