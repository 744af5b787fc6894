using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RetinaNet.Edge.Pipeline;

/// <summary>The pipeline's instruments on the <c>RetinaNet.Edge.Pipeline</c> meter: frames through post-processing,
/// per-stage latency of each frame (queue, inference, tracking, capture to tracked) and post-processing errors. The
/// counts are observed from each camera's post-processor at collection time (counted once, where they happen; the
/// status record reads the same totals).</summary>
internal sealed class PipelineMetrics
{
    public const string MeterName = "RetinaNet.Edge.Pipeline";
    private static readonly double[] StageBuckets = [0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384];
    private readonly ConcurrentDictionary<CameraPostProcessor, byte> _cameras = new();
    private readonly Histogram<double> _stage;

    public PipelineMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter("retinanet.camera.frames_processed", () => Each(c => c.FramesProcessed), description: "Frames through detection and tracking");
        meter.CreateObservableCounter("retinanet.camera.post_processing_errors", () => Each(c => c.Errors), description: "Frames whose tracking, events or zones failed");
        _stage = meter.CreateHistogram("retinanet.frame.stage", "s", "Per-stage latency of a frame", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StageBuckets });
    }

    public void Add(CameraPostProcessor camera) => _cameras[camera] = 0;
    public void Remove(CameraPostProcessor camera) => _cameras.TryRemove(camera, out _);

    private IEnumerable<Measurement<long>> Each(Func<CameraPostProcessor, long> value) =>
        _cameras.Keys.Select(c => new Measurement<long>(value(c), new KeyValuePair<string, object?>("camera", c.Name)));

    /// <summary>A frame done: its stages timed from the frame's stopwatch stamps.</summary>
    public void FrameProcessed(string camera, long captured, long dequeued, long inferred, long now)
    {
        var cam = new KeyValuePair<string, object?>("camera", camera);
        _stage.Record(Seconds(captured, dequeued), cam, new("stage", "queue"));
        _stage.Record(Seconds(dequeued, inferred), cam, new("stage", "inference"));
        _stage.Record(Seconds(inferred, now), cam, new("stage", "tracking"));
        _stage.Record(Seconds(captured, now), cam, new("stage", "capture_to_tracked"));
    }

    private static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;
}
