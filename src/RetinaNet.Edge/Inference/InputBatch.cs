using Microsoft.ML.OnnxRuntime;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Vision.Imaging;

namespace RetinaNet.Edge.Inference;

/// <summary>One batch's input tensor, filled by the preprocessing stage and consumed by inference. The buffer, its
/// ONNX Runtime views (one per batch size) and the preprocessor are allocated once and reused; the pipeline keeps
/// two, so that the next batch is preprocessed while the current one runs.</summary>
internal sealed class InputBatch : IDisposable
{
    private readonly float[] _data;
    private readonly OrtValue?[] _values;
    private readonly int _width, _height;

    public InputBatch(int maxBatch, int width, int height, ResizeMode mode)
    {
        _width = width;
        _height = height;
        Preprocessor = new Preprocessor(width, height, mode);
        _data = new float[maxBatch * Preprocessor.TensorLength];
        _values = new OrtValue?[maxBatch + 1];
        Transforms = new FrameTransform[maxBatch];
        Frames = new List<Frame>(maxBatch);
        Results = new List<Vision.Decoding.Detection>[maxBatch];
        for (int i = 0; i < maxBatch; i++) Results[i] = [];
    }

    /// <summary>Each frame's detections once the batch has run (kept with the batch until it is post-processed, so
    /// that the worker can run the next batch meanwhile).</summary>
    public List<Vision.Decoding.Detection>[] Results { get; }

    public Preprocessor Preprocessor { get; }
    public List<Frame> Frames { get; }
    public FrameTransform[] Transforms { get; }
    public int Count => Frames.Count;
    public long PreparedTicks { get; set; }
    /// <summary>The detector's decoding state for this batch (made on its first run).</summary>
    public BatchDecoding? Decoding { get; set; }
    /// <summary>Order of the batch among those prepared: post-processing takes batches in this order.</summary>
    public long Sequence { get; set; }

    /// <summary>Letterboxes and normalizes <paramref name="frames"/> into the buffer.</summary>
    public void Prepare(IReadOnlyList<Frame> frames)
    {
        Frames.Clear();
        int plane = Preprocessor.TensorLength;
        for (int i = 0; i < frames.Count; i++)
        {
            Frames.Add(frames[i]);
            Transforms[i] = Preprocessor.Run(frames[i].Image, _data.AsSpan(i * plane, plane));
        }
    }

    /// <summary>The input tensor [Count, 3, H, W] over the buffer.</summary>
    public OrtValue Tensor() => _values[Count] ??= OrtValue.CreateTensorValueFromMemory(
        OrtMemoryInfo.DefaultInstance, new Memory<float>(_data, 0, Count * Preprocessor.TensorLength), [Count, 3, _height, _width]);

    public void Dispose()
    {
        foreach (var v in _values) v?.Dispose();
        Preprocessor.Dispose();
    }
}
