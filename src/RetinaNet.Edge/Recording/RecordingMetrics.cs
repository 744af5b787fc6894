using System.Diagnostics.Metrics;

namespace RetinaNet.Edge.Recording;

/// <summary>Recording's instruments on the <c>RetinaNet.Edge.Recording</c> meter.</summary>
internal sealed class RecordingMetrics
{
    public const string MeterName = "RetinaNet.Edge.Recording";
    private long _clips, _bytes, _deleted, _dropped, _failed;

    public RecordingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter("retinanet.clips.completed", () => Interlocked.Read(ref _clips), description: "Event clips completed (indexed and announced)");
        meter.CreateObservableCounter("retinanet.clips.bytes", () => Interlocked.Read(ref _bytes), unit: "By", description: "Video written into clips");
        meter.CreateObservableCounter("retinanet.clips.deleted", () => Interlocked.Read(ref _deleted), description: "Clips deleted by retention (age, quota, disk floor)");
        meter.CreateObservableCounter("retinanet.clips.dropped", () => Interlocked.Read(ref _dropped), description: "Pieces of video not written because the writer's queue was full");
        meter.CreateObservableCounter("retinanet.clips.failed", () => Interlocked.Read(ref _failed), description: "Clip writes that failed (disk full, I/O error)");
    }

    public void Completed() => Interlocked.Increment(ref _clips);
    public void Bytes(long n) => Interlocked.Add(ref _bytes, n);
    public void Deleted(int n) => Interlocked.Add(ref _deleted, n);
    /// <returns>Pieces dropped so far.</returns>
    public long Dropped() => Interlocked.Increment(ref _dropped);
    public void Failed() => Interlocked.Increment(ref _failed);
}
