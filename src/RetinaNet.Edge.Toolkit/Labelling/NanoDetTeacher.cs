using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Toolkit.Labelling;

/// <summary>The COCO teacher: NanoDet converted by <c>tools/teacher/nanodet_import.py</c>, run by ONNX Runtime.
/// Input 416×416 BGR stretched (as the TFJS model is used), (pixel − mean) / std; outputs per stride 8/16/32 the
/// sigmoid class scores [1, N, 80] and a GFL box distribution [1, N, 44]: for each side (left, top, right, bottom)
/// 11 logits over distances 0..10 strides; the distance is the softmax's expectation. Cells are row-major, centre
/// ((x + 0.5)·stride, (y + 0.5)·stride).</summary>
internal sealed class NanoDetTeacher : IDisposable
{
    public const int Size = 416, Classes = 80, Bins = 11;
    public static readonly int[] Strides = [8, 16, 32];
    private static readonly float[] Mean = [103.53f, 116.28f, 123.675f], Std = [57.375f, 57.12f, 58.395f];
    private readonly InferenceSession _session;
    private readonly DenseTensor<float> _input = new([1, 3, Size, Size]);
    private readonly Mat _resized = new();

    public NanoDetTeacher(string onnxPath, int threads = 0)
    {
        if (!File.Exists(onnxPath)) throw new FileNotFoundException($"teacher model not found: {onnxPath} (make it with tools/teacher/nanodet_import.py)");
        using var options = new SessionOptions { IntraOpNumThreads = threads };
        try { _session = new InferenceSession(onnxPath, options); }
        catch (OnnxRuntimeException e) { throw new InvalidDataException($"{onnxPath}: not a loadable ONNX model ({e.Message})", e); }
        foreach (var name in Strides.SelectMany(s => new[] { $"cls_{s}", $"dist_{s}" }))
            if (!_session.OutputMetadata.ContainsKey(name)) throw new InvalidDataException($"{onnxPath}: output {name} missing; not a NanoDet teacher from nanodet_import.py");
    }

    /// <summary>Fills the input tensor from a BGR frame (any size; stretched to 416×416).</summary>
    public void Preprocess(Mat bgr)
    {
        Cv2.Resize(bgr, _resized, new OpenCvSharp.Size(Size, Size), 0, 0, InterpolationFlags.Linear);
        var span = _input.Buffer.Span;
        int plane = Size * Size;
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                var p = _resized.At<Vec3b>(y, x);
                int i = y * Size + x;
                span[i] = (p.Item0 - Mean[0]) / Std[0];
                span[plane + i] = (p.Item1 - Mean[1]) / Std[1];
                span[2 * plane + i] = (p.Item2 - Mean[2]) / Std[2];
            }
        }
    }

    public DenseTensor<float> Input => _input;

    /// <summary>The raw outputs in the order cls_8, cls_16, cls_32, dist_8, dist_16, dist_32.</summary>
    public float[][] RunRaw()
    {
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor("input", _input)]);
        var byName = results.ToDictionary(r => r.Name, r => r.AsTensor<float>().ToArray());
        return [.. Strides.Select(s => byName[$"cls_{s}"]), .. Strides.Select(s => byName[$"dist_{s}"])];
    }

    /// <summary>Detections of the COCO classes in <paramref name="keep"/> (COCO index → output class) scoring at
    /// least <paramref name="threshold"/>, in the frame's pixels, after class-wise NMS at 0.6.</summary>
    public List<Detection> Detect(Mat bgr, IReadOnlyDictionary<int, int> keep, float threshold)
    {
        Preprocess(bgr);
        var raw = RunRaw();
        var dets = Decode(raw, keep, threshold, bgr.Width / (float)Size, bgr.Height / (float)Size);
        var arr = dets.ToArray();
        int n = Nms.ClassWise(arr, 0.6f, 300);
        return AcrossClasses(arr.AsSpan(0, n), 0.8f);
    }

    /// <summary>One label per object: of boxes overlapping by IoU ≥ <paramref name="iou"/> across classes (the parked
    /// car scored as car and as truck), the best-scoring is kept.</summary>
    public static List<Detection> AcrossClasses(ReadOnlySpan<Detection> dets, float iou)
    {
        var sorted = dets.ToArray();
        Array.Sort(sorted, (a, b) => b.Score.CompareTo(a.Score));
        var kept = new List<Detection>(sorted.Length);
        foreach (var d in sorted)
        {
            bool suppressed = false;
            foreach (var k in kept)
            {
                if (k.ClassId != d.ClassId && BoxF.IoU(k.Box, d.Box) >= iou) { suppressed = true; break; }
            }
            if (!suppressed) kept.Add(d);
        }
        return kept;
    }

    public static List<Detection> Decode(float[][] raw, IReadOnlyDictionary<int, int> keep, float threshold, float sx, float sy)
    {
        var dets = new List<Detection>();
        Span<float> dist = stackalloc float[4];
        for (int l = 0; l < Strides.Length; l++)
        {
            int stride = Strides[l], side = Size / stride;
            var cls = raw[l];
            var box = raw[3 + l];
            for (int i = 0; i < side * side; i++)
            {
                foreach (var (coco, output) in keep)
                {
                    float score = cls[i * Classes + coco];
                    if (score < threshold) continue;
                    for (int k = 0; k < 4; k++) dist[k] = Expectation(box.AsSpan(i * 4 * Bins + k * Bins, Bins)) * stride;
                    float cx = (i % side + 0.5f) * stride, cy = (i / side + 0.5f) * stride;
                    var b = new BoxF(Math.Max(0, cx - dist[0]) * sx, Math.Max(0, cy - dist[1]) * sy,
                                     Math.Min(Size, cx + dist[2]) * sx, Math.Min(Size, cy + dist[3]) * sy);
                    dets.Add(new Detection(b, score, output));
                }
            }
        }
        return dets;
    }

    /// <summary>Σ k·softmax(logits)_k.</summary>
    public static float Expectation(ReadOnlySpan<float> logits)
    {
        float max = float.NegativeInfinity;
        foreach (var v in logits) max = Math.Max(max, v);
        float sum = 0, weighted = 0;
        for (int k = 0; k < logits.Length; k++)
        {
            float e = MathF.Exp(logits[k] - max);
            sum += e;
            weighted += k * e;
        }
        return weighted / sum;
    }

    public void Dispose()
    {
        _session.Dispose();
        _resized.Dispose();
    }
}
