using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Cameras;

/// <summary>One camera's status at one moment: capture's counters and state, post-processing's counters and errors.
/// The one record behind MQTT <c>CAMERA/status</c>, <c>/api/cameras</c> and the cameras of <c>PREFIX/stats</c>.</summary>
internal sealed record CameraSnapshot
{
    public required string Camera { get; init; }
    /// <summary>starting, streaming, reconnecting, ended, stopped or configError.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<CameraState>))]
    public required CameraState State { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public long FramesIn { get; init; }
    public long FramesQueued { get; init; }
    public long FramesProcessed { get; init; }
    public long FramesDropped { get; init; }
    public long Reconnects { get; init; }
    /// <summary>Capture to tracked, of the last processed frame.</summary>
    public double LatencyMs { get; init; }
    public string? ExecutionProvider { get; init; }
    public string? LastError { get; init; }
    /// <summary>Frames whose post-processing (tracking, events, zones) failed.</summary>
    public long Errors { get; init; }
    public long DecoderErrors { get; init; }
    /// <summary>Why the camera's file (as it is now) is not applied: the camera runs as it was, or — state
    /// <c>configError</c> — a new camera does not start.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ConfigError { get; init; }
    public DateTimeOffset Time { get; init; }
}

/// <summary>Reads every camera's <see cref="CameraSnapshot"/> (the seam between the pipeline and its readers: HTTP,
/// stats, readiness, tool commands).</summary>
internal interface ICameraStatusSource
{
    IReadOnlyList<CameraSnapshot> Snapshot();
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CameraSnapshot))]
[JsonSerializable(typeof(IReadOnlyList<CameraSnapshot>))]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
