using System.Diagnostics.Metrics;

namespace RetinaNet.Edge.Inference;

/// <summary>Inference counters and timings on the "RetinaNet.Edge" meter (System.Diagnostics.Metrics), readable by
/// any listener (dotnet-counters, OpenTelemetry); totals also kept for status and tests.</summary>
internal sealed class InferenceMetrics : IDisposable
{
    public const string MeterName = "RetinaNet.Edge";
    private readonly Meter _meter;
    private readonly Counter<long> _batches, _frames;
    private readonly Histogram<double> _runMs, _batchSize;
    private long _batchCount, _frameCount;

    public InferenceMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _batches = _meter.CreateCounter<long>("retinanet.inference.batches", description: "ONNX Runtime runs");
        _frames = _meter.CreateCounter<long>("retinanet.inference.frames", description: "frames detected");
        _runMs = _meter.CreateHistogram<double>("retinanet.inference.duration", "ms", "preprocess + run + decode of one batch");
        _batchSize = _meter.CreateHistogram<double>("retinanet.inference.batch_size", description: "frames per run");
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
        _batches.Add(1);
        _frames.Add(frames);
        _runMs.Record(milliseconds);
        _batchSize.Record(frames);
    }

    public void Dispose() => _meter.Dispose();
}
