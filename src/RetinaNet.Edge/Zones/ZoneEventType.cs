using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Zones;

/// <summary>What a track did in a zone or at a line; published as the lower-case name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ZoneEventType>))]
public enum ZoneEventType
{
    [JsonStringEnumMemberName("entered")] Entered,
    [JsonStringEnumMemberName("left")] Left,
    /// <summary>In the zone longer than its loitering time (once per visit).</summary>
    [JsonStringEnumMemberName("loitering")] Loitering,
    /// <summary>Crossed a line (see <see cref="CrossingDirection"/>).</summary>
    [JsonStringEnumMemberName("crossed")] Crossed,
}

/// <summary>Which way a line was crossed: <c>in</c> is from the line's left to its right, looking from its start to its end.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CrossingDirection>))]
public enum CrossingDirection
{
    [JsonStringEnumMemberName("in")] In,
    [JsonStringEnumMemberName("out")] Out,
}
