using RetinaNet.Edge.Vision.Decoding;

namespace RetinaNet.Edge.Tracking;

/// <summary>Associates a frame's detections with tracks; one instance per camera.</summary>
internal interface ITracker
{
    /// <summary>Advances one frame; returns the live tracks (confirmed and tentative) after the update. <paramref name="frame"/>
    /// is the frame's size in the detections' pixels (empty: unknown, no track is taken to have left the picture).</summary>
    IReadOnlyList<Track> Update(ReadOnlySpan<Detection> detections, DateTimeOffset time, System.Drawing.SizeF frame = default);

    /// <summary>Tracks ended by the last update (confirmed ones only).</summary>
    IReadOnlyList<Track> Ended { get; }

    /// <summary>The live tracks after the last update.</summary>
    IReadOnlyList<Track> Tracks { get; }

    /// <summary>The thresholds; set when the camera's file changes (tracks and their ids stay).</summary>
    TrackerOptions Options { get; set; }
}

/// <summary>Makes each camera's tracker (ByteTrack in the agent; a seam for tests).</summary>
internal interface ITrackerFactory
{
    ITracker Create(string camera, TrackerOptions options);

    /// <summary>The camera was removed: its tracker is no longer observed.</summary>
    void Release(string camera, ITracker tracker) { }
}

internal sealed class ByteTrackerFactory(TrackingMetrics? metrics = null) : ITrackerFactory
{
    public ITracker Create(string camera, TrackerOptions options)
    {
        var tracker = new ByteTracker(options, metrics is null ? null : () => metrics.Started(camera));
        metrics?.Register(camera, tracker);
        return tracker;
    }

    public void Release(string camera, ITracker tracker) => metrics?.Unregister(camera, tracker);
}
