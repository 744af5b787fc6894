using Microsoft.Extensions.Logging;

namespace RetinaNet.Edge.Cameras;

internal static partial class Log
{
    [LoggerMessage(60, LogLevel.Information, "Camera {Camera} added from {File}")]
    public static partial void Added(ILogger logger, string camera, string file);

    [LoggerMessage(61, LogLevel.Information, "Camera {Camera} removed: its tracks ended, its retained topics cleared")]
    public static partial void Removed(ILogger logger, string camera);

    [LoggerMessage(62, LogLevel.Information, "Camera {Camera}: {Keys} changed, applied from the next frame (no reconnect)")]
    public static partial void Reconfigured(ILogger logger, string camera, string keys);

    [LoggerMessage(63, LogLevel.Information, "Camera {Camera}: {Keys} changed, reconnecting to the source (tracks go on)")]
    public static partial void Reconnecting(ILogger logger, string camera, string keys);

    [LoggerMessage(64, LogLevel.Warning, "Camera file not applied: {Problem}; camera {Camera} {Consequence}")]
    public static partial void Rejected(ILogger logger, string problem, string camera, string consequence);

    [LoggerMessage(65, LogLevel.Information, "Camera {Camera}: its file is valid again")]
    public static partial void Fixed(ILogger logger, string camera);

    [LoggerMessage(66, LogLevel.Warning, "{File} changed: {Keys} apply only when the agent restarts; the running agent keeps its values")]
    public static partial void AgentFileChanged(ILogger logger, string file, string keys);

    [LoggerMessage(71, LogLevel.Information, "{File} changed: applied while running: {Keys}")]
    public static partial void AgentFileApplied(ILogger logger, string file, string keys);

    [LoggerMessage(67, LogLevel.Warning, "{File} changed but cannot be used: {Problem}; the running agent keeps its values")]
    public static partial void AgentFileInvalid(ILogger logger, string file, string problem);

    [LoggerMessage(68, LogLevel.Error, "Reloading the camera files failed: {Type}: {Message}; the cameras run as they were")]
    public static partial void ReloadFailed(ILogger logger, string type, string message, Exception exception);

    [LoggerMessage(69, LogLevel.Information, "No cameras yet: add NAME.json files to {Folder}, the dashboard editor or the camera API; they start without a restart")]
    public static partial void NoCameras(ILogger logger, string folder);

    [LoggerMessage(70, LogLevel.Warning, "The capture of camera {Camera} did not stop within 3 s; its resources are left to the process")]
    public static partial void CaptureHung(ILogger logger, string camera);
}
