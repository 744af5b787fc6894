using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace RetinaNet.Edge.Tracking;

/// <summary>Tracking's instruments on the <c>RetinaNet.Edge.Tracking</c> meter: tracks started per camera, and the live
/// tracks of each camera's tracker observed at collection time.</summary>
internal sealed class TrackingMetrics
{
    public const string MeterName = "RetinaNet.Edge.Tracking";
    private readonly Counter<long> _started;
    private readonly ConcurrentDictionary<string, ITracker> _trackers = new();

    public TrackingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _started = meter.CreateCounter<long>("retinanet.tracking.tracks_started", description: "Tracks started (tentative; a confirmed track also publishes a new event)");
        meter.CreateObservableGauge("retinanet.tracking.tracks_live", () => _trackers.Select(t =>
            new Measurement<long>(t.Value.Tracks.Count, new KeyValuePair<string, object?>("camera", t.Key))), description: "Live tracks (tentative and confirmed)");
    }

    public void Register(string camera, ITracker tracker) => _trackers[camera] = tracker;

    /// <summary>A removed camera's tracker is no longer observed.</summary>
    public void Unregister(string camera, ITracker tracker) => _trackers.TryRemove(new KeyValuePair<string, ITracker>(camera, tracker));

    public void Started(string camera) => _started.Add(1, new KeyValuePair<string, object?>("camera", camera));
}
