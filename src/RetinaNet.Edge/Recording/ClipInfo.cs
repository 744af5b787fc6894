using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Recording;

/// <summary>One event clip as the index keeps it and <c>PREFIX/cameras/NAME/clips</c> announces it (JSON, camelCase).
/// Times: <see cref="Start"/>/<see cref="End"/> are wall-clock (UTC) of the first and last frame written;
/// <see cref="StartPts"/> is the first frame's presentation time on the camera's own clock (the boxes' <c>t</c>),
/// <see cref="RequestedPts"/> the moment the clip was asked to cover (track start − pre), so
/// <see cref="KeyframeOffset"/> = requested − start ≥ 0 is how much earlier the clip begins to start on a keyframe.</summary>
internal sealed record ClipInfo
{
    public int Version { get; init; } = 1;
    public required Guid Id { get; init; }
    public required string Camera { get; init; }
    /// <summary>The clip's file name under the camera's folder of the store.</summary>
    public required string File { get; init; }
    /// <summary>The camera's codec as stored (e.g. <c>avc1.640028</c>, <c>hvc1.1.6.L120.90</c>): never re-encoded.</summary>
    public required string Codec { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public required DateTimeOffset Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public required double StartPts { get; init; }
    public double? EndPts { get; init; }
    /// <summary>When the clip ended because its tracks did (<see cref="EndReason"/> <c>tracks</c>): the presentation time
    /// the last of them ended; the clip goes on to at least this + <see cref="RecordingOptions.PostSeconds"/>.</summary>
    public double? TracksEndedPts { get; init; }
    public required double RequestedPts { get; init; }
    public double KeyframeOffset => Math.Round(RequestedPts - StartPts, 6);
    public IReadOnlyList<int> TrackIds { get; init; } = [];
    public IReadOnlyList<string> Labels { get; init; } = [];
    public IReadOnlyList<string> Zones { get; init; } = [];
    public long Size { get; init; }
    public string? Sha256 { get; init; }
    /// <summary>recording (being written), complete, or recovered (completed at start after the agent was killed mid-clip).</summary>
    public string State { get; init; } = "recording";
    /// <summary>Why the clip ended: tracks (ended + post), length (maxClipSeconds: continues in the next file),
    /// stream (the camera's stream ended or restarted), stopping (the agent stopped), restart (recovered).</summary>
    public string? EndReason { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClipInfo))]
[JsonSerializable(typeof(IReadOnlyList<ClipInfo>))]
internal sealed partial class ClipJsonContext : JsonSerializerContext;
