using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Vision.Decoding;

namespace RetinaNet.Edge.Inference;

/// <summary>Runs the detector on a batch of frames; detections are in each frame's own pixel coordinates.</summary>
internal interface IDetector : IDisposable
{
    ModelInfo Model { get; }
    string ExecutionProvider { get; }
    int MaxBatch { get; }
    InferenceMetrics Metrics { get; }

    /// <summary>Detects objects in <paramref name="frames"/> and calls <paramref name="sink"/> once per frame, in order.
    /// The span is only valid during the call.</summary>
    void Detect(IReadOnlyList<Frame> frames, DetectionSink sink);
}

internal delegate void DetectionSink(int index, ReadOnlySpan<Detection> detections);
