using System.Diagnostics.Metrics;

namespace RetinaNet.Edge.Inference;

/// <summary>Inference counters and timings on the <c>RetinaNet.Edge.Inference</c> meter (exported with the others by the
/// one Prometheus bridge; dotnet-counters reads it too). The run and frame totals are counted once, here, and the
/// meter observes them.</summary>
internal sealed class InferenceMetrics : IDisposable
{
    public const string MeterName = "RetinaNet.Edge.Inference";
    private readonly Meter _meter;
    private readonly Histogram<double> _runMs, _batchSize;
    private long _batchCount, _frameCount;

    public InferenceMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableCounter("retinanet.inference.runs", () => Batches, description: "ONNX Runtime runs");
        _meter.CreateObservableCounter("retinanet.inference.frames", () => Frames, description: "Frames detected");
        _runMs = _meter.CreateHistogram("retinanet.inference.duration", "ms", "Run + decode of one batch", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 35, 50, 75, 100, 150, 250, 400, 650, 1000, 2000, 5000] });
        _batchSize = _meter.CreateHistogram("retinanet.inference.batch_size", unit: null, description: "Frames per run", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 3, 4, 6, 8, 12, 16, 32] });
    }

    public long Batches => Interlocked.Read(ref _batchCount);
    public long Frames => Interlocked.Read(ref _frameCount);
    /// <summary>Duration of the last batch (preprocess-free: run + decode), ms.</summary>
    public double LastMilliseconds { get; private set; }

    public void Record(int frames, double milliseconds)
    {
        LastMilliseconds = milliseconds;
        Interlocked.Increment(ref _batchCount);
        Interlocked.Add(ref _frameCount, frames);
        _runMs.Record(milliseconds);
        _batchSize.Record(frames);
    }

    public void Dispose() => _meter.Dispose();
}
