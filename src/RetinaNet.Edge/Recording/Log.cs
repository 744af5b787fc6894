
namespace RetinaNet.Edge.Recording;

internal static partial class Log
{
    [LoggerMessage(EventId = 1901, Level = LogLevel.Information, Message = "Clip {File} of camera {Camera} complete: {Seconds:F1} s from the keyframe {Offset:F2} s before the asked start, {Megabytes:F2} MB, ended by {Reason}")]
    public static partial void ClipComplete(ILogger logger, string file, string camera, double seconds, double offset, double megabytes, string reason);

    [LoggerMessage(EventId = 1902, Level = LogLevel.Error, Message = "Clip {File} of camera {Camera}: writing failed ({Reason}); the file keeps what was written")]
    public static partial void WriteFailed(ILogger logger, string file, string camera, string reason);

    [LoggerMessage(EventId = 1903, Level = LogLevel.Warning, Message = "Clip writer queue full: {Dropped} piece(s) of video not written so far (disk slower than the cameras)")]
    public static partial void QueueFull(ILogger logger, long dropped);

    [LoggerMessage(EventId = 1904, Level = LogLevel.Information, Message = "Clip retention: deleted {Count} clip(s), {Megabytes:F1} MB ({Age} by age, {Quota} by camera quota, {Floor} for the disk floor of {Floor_MB:F0} MB free)")]
    public static partial void Swept(ILogger logger, int count, double megabytes, int age, int quota, int floor, double floor_MB);

    [LoggerMessage(EventId = 1905, Level = LogLevel.Warning, Message = "Clip {File} of camera {Camera} was being written when the agent stopped unexpectedly: completed from the file ({Seconds:F1} s, {Megabytes:F2} MB)")]
    public static partial void Recovered(ILogger logger, string file, string camera, double seconds, double megabytes);

    [LoggerMessage(EventId = 1907, Level = LogLevel.Warning, Message = "Camera {Camera}: no event clips (recording is on): {Reason}")]
    public static partial void NoClips(ILogger logger, string camera, string reason);

    [LoggerMessage(EventId = 1906, Level = LogLevel.Warning, Message = "Clip store {Folder}: {Reason}")]
    public static partial void StoreProblem(ILogger logger, string folder, string reason);
}
