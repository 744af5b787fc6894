using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Events;

/// <summary>A track lifecycle event as published (JSON, schema version 2: adds <c>id</c> and <c>seq</c>).</summary>
public sealed record TrackEvent
{
    [JsonPropertyName("version")] public int Version { get; init; } = 2;
    /// <summary>Unique across restarts and agents (UUIDv7, time-ordered); a redelivered event keeps it.</summary>
    [JsonPropertyName("id")] public Guid Id { get; init; }
    /// <summary>Per-camera sequence number: grows by one per event (track, zone and line events), across restarts.</summary>
    [JsonPropertyName("seq")] public long Seq { get; init; }
    [JsonPropertyName("type")] public required TrackEventType Type { get; init; }
    [JsonPropertyName("camera")] public required string Camera { get; init; }
    [JsonPropertyName("trackId")] public required int TrackId { get; init; }
    [JsonPropertyName("label")] public required string Label { get; init; }
    [JsonPropertyName("classId")] public required int ClassId { get; init; }
    [JsonPropertyName("score")] public required float Score { get; init; }
    [JsonPropertyName("bestScore")] public required float BestScore { get; init; }
    [JsonPropertyName("box")] public required EventBox Box { get; init; }
    [JsonPropertyName("boxNormalized")] public required EventBox BoxNormalized { get; init; }
    [JsonPropertyName("firstSeen")] public required DateTimeOffset FirstSeen { get; init; }
    [JsonPropertyName("lastSeen")] public required DateTimeOffset LastSeen { get; init; }
    [JsonPropertyName("frame")] public required long Frame { get; init; }
    /// <summary>Only on an <c>end</c> the agent did not see happen: <c>restart</c> — the track was open when the previous
    /// run was killed or crashed, and the next run ended it at start (its box and times are the last ones published).</summary>
    [JsonPropertyName("reason")] public EndReason? Reason { get; init; }
    /// <summary>URL path of the snapshot taken for this event (new track, better score), if any.</summary>
    [JsonPropertyName("snapshot")] public string? Snapshot { get; init; }
    /// <summary>The event clip this track is recorded in (<c>recording</c> on), announced on <c>CAMERA/clips</c> once its
    /// file is complete and served at <c>/api/clips/ID/video</c>.</summary>
    [JsonPropertyName("clip")] public Guid? Clip { get; init; }
}

public sealed record EventBox(
    [property: JsonPropertyName("x1")] float X1,
    [property: JsonPropertyName("y1")] float Y1,
    [property: JsonPropertyName("x2")] float X2,
    [property: JsonPropertyName("y2")] float Y2);

[JsonSerializable(typeof(TrackEvent))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class EventJsonContext : JsonSerializerContext;
