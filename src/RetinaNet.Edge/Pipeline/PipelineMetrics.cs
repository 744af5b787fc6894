using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RetinaNet.Edge.Pipeline;

/// <summary>The pipeline's instruments on the <c>RetinaNet.Edge.Pipeline</c> meter: frames through post-processing,
/// per-stage latency of each frame (queue, inference, tracking, capture to tracked) and post-processing errors.</summary>
internal sealed class PipelineMetrics
{
    public const string MeterName = "RetinaNet.Edge.Pipeline";
    private static readonly double[] StageBuckets = [0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384];
    private readonly Counter<long> _processed, _errors;
    private readonly Histogram<double> _stage;

    public PipelineMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _processed = meter.CreateCounter<long>("retinanet.camera.frames_processed", description: "Frames through detection and tracking");
        _errors = meter.CreateCounter<long>("retinanet.camera.post_processing_errors", description: "Frames whose tracking, events or zones failed");
        _stage = meter.CreateHistogram("retinanet.frame.stage", "s", "Per-stage latency of a frame", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StageBuckets });
    }

    /// <summary>A frame done: counted, and its stages timed from the frame's stopwatch stamps.</summary>
    public void FrameProcessed(string camera, long captured, long dequeued, long inferred, long now)
    {
        var cam = new KeyValuePair<string, object?>("camera", camera);
        _processed.Add(1, cam);
        _stage.Record(Seconds(captured, dequeued), cam, new("stage", "queue"));
        _stage.Record(Seconds(dequeued, inferred), cam, new("stage", "inference"));
        _stage.Record(Seconds(inferred, now), cam, new("stage", "tracking"));
        _stage.Record(Seconds(captured, now), cam, new("stage", "capture_to_tracked"));
    }

    public void PostProcessingFailed(string camera) => _errors.Add(1, new KeyValuePair<string, object?>("camera", camera));

    private static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;
}
