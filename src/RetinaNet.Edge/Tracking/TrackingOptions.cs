using System.ComponentModel.DataAnnotations;

namespace RetinaNet.Edge.Tracking;

/// <summary>agent.json <c>tracking</c>: ByteTrack's confirmation, termination and score bands, and how often an
/// unchanged track is re-published.</summary>
public sealed class TrackingOptions
{
    // The one place of these defaults: ByteTrack's own settings (TrackerOptions) start from them too.
    public const int DefaultConfirmHits = 3;
    public const int DefaultMaxMisses = 30;
    public const float DefaultHighScore = 0.5f;
    public const float DefaultLowScore = 0.1f;
    public const float DefaultMatchIou = 0.2f;
    public const double DefaultUpdateIntervalSeconds = 5;

    [Range(1, 100)] public int ConfirmHits { get; set; } = DefaultConfirmHits;
    [Range(1, 10_000)] public int MaxMisses { get; set; } = DefaultMaxMisses;
    [Range(0.0, 1.0)] public float HighScore { get; set; } = DefaultHighScore;
    [Range(0.0, 1.0)] public float LowScore { get; set; } = DefaultLowScore;
    [Range(0.0, 1.0)] public float MatchIou { get; set; } = DefaultMatchIou;
    [Range(0.1, 3600)] public double UpdateIntervalSeconds { get; set; } = DefaultUpdateIntervalSeconds;
}
