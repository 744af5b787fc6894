using System.Text.Json.Serialization;

namespace RetinaNet.Edge.History;

/// <summary>One tracked object as <c>/api/history</c> lists it: what was seen, where, how surely, from when to when
/// (<see cref="End"/> null while it is still tracked), the zones it entered, its latest snapshot (URL path) and the
/// event clip it started in.</summary>
internal sealed record TrackedObject(string Camera, int TrackId, string Label, DateTimeOffset Start, DateTimeOffset LastSeen, DateTimeOffset? End,
    float BestScore, IReadOnlyList<string> Zones, string? Snapshot, Guid? Clip, string? Reason);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<TrackedObject>))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext;
