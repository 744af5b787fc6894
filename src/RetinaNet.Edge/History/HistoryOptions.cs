using System.ComponentModel.DataAnnotations;

namespace RetinaNet.Edge.History;

/// <summary>agent.json <c>history</c>: the tracked objects the review page lists after the fact — one row per track
/// (camera, label, first and last seen, best score, zones entered, latest snapshot, clip), kept in the state folder's
/// <c>history.db</c>. Age and count apply while the agent runs.</summary>
public sealed class HistoryOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>Objects last seen longer ago than this are forgotten.</summary>
    [Configuration.AppliesLive] [Range(0.01, 100_000)] public double MaxAgeHours { get; set; } = 168;
    /// <summary>At most this many objects are kept (the oldest go first).</summary>
    [Configuration.AppliesLive] [Range(100, 10_000_000)] public int MaxObjects { get; set; } = 200_000;
}

/// <summary>Source-generated validator of the history options' DataAnnotations (run by <c>ValidateOnStart</c>).</summary>
[Microsoft.Extensions.Options.OptionsValidator]
internal sealed partial class HistoryOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<HistoryOptions>;
