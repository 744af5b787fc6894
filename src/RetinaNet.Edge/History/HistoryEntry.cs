namespace RetinaNet.Edge.History;

/// <summary>What an event adds to its object's row: a track event (its times, score, snapshot, clip; <see cref="Ended"/>
/// on <c>end</c>), or a zone it entered.</summary>
internal readonly record struct HistoryEntry(string Camera, int TrackId, string Label, DateTimeOffset First, DateTimeOffset Last, float Score,
    bool Ended, string? Snapshot, Guid? Clip, string? Reason, string? Zone)
{
    public static HistoryEntry Of(Events.TrackEvent e) =>
        new(e.Camera, e.TrackId, e.Label, e.FirstSeen, e.LastSeen, e.BestScore, e.Type == Events.TrackEventType.End, e.Snapshot, e.Clip,
            e.Reason is { } r ? Common.JsonNames.Of<Events.EndReason>()[(int)r] : null, null);

    public static HistoryEntry Entered(Zones.ZoneEvent e, string zone) =>
        new(e.Camera, e.TrackId, e.Label, e.Time, e.Time, 0, false, null, null, null, zone);
}
