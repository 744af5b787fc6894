using System.Diagnostics.Metrics;

namespace RetinaNet.Edge.Snapshots;

/// <summary>Snapshots' instruments on the <c>RetinaNet.Edge.Snapshots</c> meter: each count kept once, here, and
/// observed by the meter (the writer's log lines quote the same totals).</summary>
internal sealed class SnapshotMetrics
{
    public const string MeterName = "RetinaNet.Edge.Snapshots";
    private long _written, _dropped, _failed, _full;

    public SnapshotMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter("retinanet.snapshots.written", () => Interlocked.Read(ref _written), description: "Snapshots written (frame and crop)");
        meter.CreateObservableCounter("retinanet.snapshots.dropped", () => Interlocked.Read(ref _dropped), description: "Snapshots not taken because the writer's queue was full");
        meter.CreateObservableCounter("retinanet.snapshots.failed", () => Interlocked.Read(ref _failed), description: "Snapshots that could not be written (disk full, I/O error)");
        meter.CreateObservableCounter("retinanet.snapshots.full_resolution", () => Interlocked.Read(ref _full), description: "Snapshots taken at the camera's full resolution (the others at the detector's working size)");
    }

    public long TotalDropped => Interlocked.Read(ref _dropped);
    public long TotalFailed => Interlocked.Read(ref _failed);

    public void Written() => Interlocked.Increment(ref _written);
    /// <returns>Snapshots dropped so far.</returns>
    public long Dropped() => Interlocked.Increment(ref _dropped);
    /// <returns>Snapshots failed so far.</returns>
    public long Failed() => Interlocked.Increment(ref _failed);
    public void FullResolution() => Interlocked.Increment(ref _full);
}
