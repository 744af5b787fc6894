namespace RetinaNet.Edge.Cameras;

/// <summary>A camera's capture state; in JSON (camera status, /api/cameras, stats) the lower-case name.</summary>
public enum CameraState
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("starting")] Starting,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("streaming")] Streaming,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("reconnecting")] Reconnecting,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("ended")] Ended,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("stopped")] Stopped,
    /// <summary>A camera file that failed validation (a new camera, so nothing runs for it).</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("configError")] ConfigError,
}
