using System.Diagnostics.Metrics;

namespace RetinaNet.Edge.History;

/// <summary>The history's counters (entries written, dropped because the writer's queue was full).</summary>
internal sealed class HistoryMetrics
{
    public const string MeterName = "RetinaNet.Edge.History";
    private long _written, _dropped;

    public HistoryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter("retinanet.history.written", () => Interlocked.Read(ref _written), description: "History entries written (track events and zone entries)");
        meter.CreateObservableCounter("retinanet.history.dropped", () => Interlocked.Read(ref _dropped), description: "History entries dropped because the writer's queue was full");
    }

    public void Written(int n) => Interlocked.Add(ref _written, n);

    public void Dropped() => Interlocked.Increment(ref _dropped);
}
