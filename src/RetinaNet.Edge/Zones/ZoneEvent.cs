using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Zones;

/// <summary>A zone or line event (schema version 2), published on the camera's events topic next to track events.</summary>
public sealed record ZoneEvent
{
    [JsonPropertyName("version")] public int Version { get; init; } = 2;
    /// <summary>Unique across restarts and agents (UUIDv7); a redelivered event keeps it.</summary>
    [JsonPropertyName("id")] public Guid Id { get; init; }
    /// <summary>Per-camera sequence number shared with track events.</summary>
    [JsonPropertyName("seq")] public long Seq { get; init; }
    [JsonPropertyName("type")] public required ZoneEventType Type { get; init; }
    [JsonPropertyName("camera")] public required string Camera { get; init; }
    [JsonPropertyName("zone")] public string? Zone { get; init; }
    [JsonPropertyName("line")] public string? Line { get; init; }
    /// <summary>Lines only.</summary>
    [JsonPropertyName("direction")] public CrossingDirection? Direction { get; init; }
    [JsonPropertyName("trackId")] public required int TrackId { get; init; }
    [JsonPropertyName("label")] public required string Label { get; init; }
    /// <summary>Seconds in the zone (left, loitering).</summary>
    [JsonPropertyName("dwellSeconds")] public double? DwellSeconds { get; init; }
    [JsonPropertyName("time")] public required DateTimeOffset Time { get; init; }
    [JsonPropertyName("frame")] public required long Frame { get; init; }
}

[JsonSerializable(typeof(ZoneEvent))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class ZoneJsonContext : JsonSerializerContext;
