using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Events;

/// <summary>What happened to a track; published as the lower-case name (<c>"new"</c>, <c>"update"</c>, <c>"end"</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrackEventType>))]
public enum TrackEventType
{
    /// <summary>A track was confirmed.</summary>
    [JsonStringEnumMemberName("new")] New,
    /// <summary>A confirmed track moved or scored better (rate-limited per track).</summary>
    [JsonStringEnumMemberName("update")] Update,
    /// <summary>A track was lost for good, its camera was removed, or the run that had it open died.</summary>
    [JsonStringEnumMemberName("end")] End,
}

/// <summary>Why an <c>end</c> happened other than the track being lost; published lower-case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EndReason>))]
public enum EndReason
{
    /// <summary>The track was open when the previous run was killed or crashed; the next run ended it at start.</summary>
    [JsonStringEnumMemberName("restart")] Restart,
}

/// <summary>The published (JSON) names of the event enums, for file names, metric tags and logs.</summary>
public static class EventTypeNames
{
    private static readonly string[] Track = Common.JsonNames.Of<TrackEventType>();
    private static readonly string[] Zone = Common.JsonNames.Of<Zones.ZoneEventType>();

    public static string Name(this TrackEventType type) => Track[(int)type];

    public static string Name(this Zones.ZoneEventType type) => Zone[(int)type];
}
