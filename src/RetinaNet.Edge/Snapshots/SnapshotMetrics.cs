using System.Diagnostics.Metrics;

namespace RetinaNet.Edge.Snapshots;

/// <summary>Snapshots' instruments on the <c>RetinaNet.Edge.Snapshots</c> meter.</summary>
internal sealed class SnapshotMetrics
{
    public const string MeterName = "RetinaNet.Edge.Snapshots";
    private readonly Counter<long> _written, _dropped, _failed, _full;

    public SnapshotMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _written = meter.CreateCounter<long>("retinanet.snapshots.written", description: "Snapshots written (frame and crop)");
        _dropped = meter.CreateCounter<long>("retinanet.snapshots.dropped", description: "Snapshots not taken because the writer's queue was full");
        _failed = meter.CreateCounter<long>("retinanet.snapshots.failed", description: "Snapshots that could not be written (disk full, I/O error)");
        _full = meter.CreateCounter<long>("retinanet.snapshots.full_resolution", description: "Snapshots taken at the camera's full resolution (the others at the detector's working size)");
    }

    public void Written() => _written.Add(1);
    public void Dropped() => _dropped.Add(1);
    public void Failed() => _failed.Add(1);
    public void FullResolution() => _full.Add(1);
}
