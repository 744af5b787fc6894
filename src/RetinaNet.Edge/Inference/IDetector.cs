using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Vision.Decoding;

namespace RetinaNet.Edge.Inference;

/// <summary>Runs the detector on a batch of frames; detections are in each frame's own pixel coordinates.</summary>
internal interface IDetector : IDisposable
{
    ModelInfo Model { get; }
    ExecutionProvider ExecutionProvider { get; }
    int MaxBatch { get; }
    /// <summary>How many <see cref="Run"/> calls may run at once (each with its own batch).</summary>
    int Workers { get; }
    InferenceMetrics Metrics { get; }

    /// <summary>Detects objects in <paramref name="frames"/> and calls <paramref name="sink"/> once per frame, in order.
    /// The span is only valid during the call.</summary>
    void Detect(IReadOnlyList<Frame> frames, DetectionSink sink);

    /// <summary>A reusable input buffer for <see cref="Run"/>, so that preprocessing can run ahead on another thread.</summary>
    InputBatch CreateBatch();

    /// <summary>Runs a batch prepared with <see cref="InputBatch.Prepare"/>; calls <paramref name="sink"/> per frame. Up to
    /// <see cref="Workers"/> calls may run at once on different batches.</summary>
    void Run(InputBatch batch, DetectionSink sink);
}

internal delegate void DetectionSink(int index, ReadOnlySpan<Detection> detections);
