using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Vision.Anchors;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Imaging;

namespace RetinaNet.Edge.Inference;

/// <summary>RetinaNet on ONNX Runtime. The session is created once with the first execution provider of the
/// configured chain that works; the input buffer and its tensors are allocated once per batch size and reused;
/// several cameras' frames run as one batch when the model's batch dimension is dynamic.</summary>
internal sealed class OnnxDetector : IDetector
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _sessionOptions;
    private readonly InputBatch _own;
    private readonly ResizeMode _resize;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly object _ownGate = new();

    public OnnxDetector(ModelOptions model, InferenceOptions inference, AgentPaths paths, ILogger logger, System.Diagnostics.Metrics.IMeterFactory? meters = null)
    {
        Metrics = new InferenceMetrics(meters);
        (_session, ExecutionProvider, _sessionOptions) = ExecutionProviders.CreateSession(paths.ModelPath, inference, paths.BaseDirectory, logger);
        try
        {
            Model = ModelDescription.Read(model, paths, _session, logger);
        }
        catch
        {
            _session.Dispose();
            _sessionOptions.Dispose();
            throw;
        }
        MaxBatch = Model.DynamicBatch ? inference.MaxBatch : 1;
        Workers = ThreadPlan.For(inference, ExecutionProvider, Environment.ProcessorCount).Workers;
        _resize = model.Resize;
        _own = CreateBatch();
        _inputNames = [Model.InputName];
        Log.ModelLoaded(logger, paths.ModelPath, Model.Layout.ToString(), Model.InputWidth, Model.InputHeight, Model.Labels.Count, ExecutionProvider.Name());
    }

    public InferenceMetrics Metrics { get; }
    public ModelInfo Model { get; }
    public ExecutionProvider ExecutionProvider { get; }
    public int MaxBatch { get; }
    public int Workers { get; }

    public InputBatch CreateBatch() => new(MaxBatch, Model.InputWidth, Model.InputHeight, _resize);

    public void Detect(IReadOnlyList<Frame> frames, DetectionSink sink)
    {
        if (frames.Count == 0) return;
        if (frames.Count > MaxBatch) throw new ArgumentException($"batch of {frames.Count} exceeds the maximum {MaxBatch}");
        lock (_ownGate)
        {
            _own.Prepare(frames);
            Run(_own, sink);
        }
    }

    private readonly object _runGate = new();
    private bool _disposed;
    private int _active;

    /// <summary>Runs concurrently with other batches' runs (ONNX Runtime sessions take concurrent runs; each batch
    /// carries its own decoder); the session is freed only when no run is in progress.</summary>
    public void Run(InputBatch batch, DetectionSink sink)
    {
        lock (_runGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _active++;
        }
        try { RunCore(batch, sink); }
        finally
        {
            lock (_runGate)
            {
                _active--;
                Monitor.PulseAll(_runGate);
            }
        }
    }

    private void RunCore(InputBatch batch, DetectionSink sink)
    {
        var state = batch.Decoding ??= new BatchDecoding(Model.Decoder);
        int n = batch.Count;
        if (n == 0) return;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        using var outputs = _session.Run(_runOptions, _inputNames, [batch.Tensor()], Model.OutputNames);
        for (int i = 0; i < n; i++)
        {
            var detections = Model.Layout == OutputLayout.C ? DecodeEndToEnd(state.EndToEnd!, outputs, i, n) : DecodeRaw(state.Raw!, outputs, i, n);
            var mapped = state.Mapped(detections.Length);
            for (int d = 0; d < detections.Length; d++)
                mapped[d] = detections[d] with { Box = batch.Transforms[i].ToSource(detections[d].Box) };
            sink(i, mapped.AsSpan(0, detections.Length));
        }
        Metrics.Record(n, System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    private ReadOnlySpan<Detection> DecodeRaw(RawHeadDecoder decoder, IReadOnlyList<OrtValue> outputs, int item, int batch)
    {
        decoder.Begin(Model.InputWidth, Model.InputHeight);
        if (Model.Decoder.ClassReduced)
        {
            // [score ×5, box ×5, class ×5]: best-class probability and index per anchor, boxes as usual.
            for (int l = 0; l < 5; l++)
            {
                var best = outputs[l].GetTensorDataAsSpan<float>();
                var box = outputs[5 + l].GetTensorDataAsSpan<float>();
                var cls = outputs[10 + l].GetTensorDataAsSpan<int>();
                var shape = outputs[5 + l].GetTensorTypeAndShape().Shape;
                int sn = best.Length / batch, bn = box.Length / batch;
                decoder.AddReducedLevel(l, best.Slice(item * sn, sn), cls.Slice(item * sn, sn), box.Slice(item * bn, bn), (int)shape[2], (int)shape[3]);
            }
            return decoder.Finish();
        }
        int levels = outputs.Count / 2;
        for (int l = 0; l < levels; l++)
        {
            var cls = outputs[l].GetTensorDataAsSpan<float>();
            var box = outputs[levels + l].GetTensorDataAsSpan<float>();
            var shape = outputs[l].GetTensorTypeAndShape().Shape;
            int cn = cls.Length / batch, bn = box.Length / batch;
            decoder.AddLevel(l, cls.Slice(item * cn, cn), box.Slice(item * bn, bn), (int)shape[2], (int)shape[3]);
        }
        return decoder.Finish();
    }

    private ReadOnlySpan<Detection> DecodeEndToEnd(EndToEndDecoder decoder, IReadOnlyList<OrtValue> outputs, int item, int batch)
    {
        var names = Model.OutputNames;
        int Index(string name) => names.ToList().IndexOf(name);
        var labels = outputs[Index("labels")].GetTensorDataAsSpan<long>();
        int per = labels.Length / batch;
        labels = labels.Slice(item * per, per);
        if (names.Contains("dets"))
        {
            var dets = outputs[Index("dets")].GetTensorDataAsSpan<float>();
            return decoder.DecodeDets(dets.Slice(item * per * 5, per * 5), labels);
        }
        var boxes = outputs[Index("boxes")].GetTensorDataAsSpan<float>();
        var scores = outputs[Index("scores")].GetTensorDataAsSpan<float>();
        return decoder.DecodeBoxes(boxes.Slice(item * per * 4, per * 4), scores.Slice(item * per, per), labels);
    }

    /// <summary>Frees the session once no run is in progress; a run hung in native code keeps it (the process is
    /// exiting then), because freeing a session under a running kernel crashes the process.</summary>
    public void Dispose()
    {
        lock (_runGate)
        {
            if (_disposed) return;
            _disposed = true; // no new run starts
            var deadline = DateTime.UtcNow.AddSeconds(2);
            while (_active > 0 && DateTime.UtcNow < deadline) Monitor.Wait(_runGate, deadline - DateTime.UtcNow);
            if (_active > 0) return; // a run hung in native code keeps the session (the process is exiting then)
            DisposeLocked();
        }
    }

    private void DisposeLocked()
    {
        _own.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
        _sessionOptions.Dispose();
        Metrics.Dispose();
    }
}
