using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using RetinaNet.Edge.Toolkit.Export.Onnx;
using RetinaNet.Edge.Vision.Imaging;

namespace RetinaNet.Edge.Toolkit.Quantization;

public enum CalibrationMethod { MinMax, Percentile, Entropy }

/// <summary>Runs the float model over calibration frames (preprocessed exactly as the agent does: letterbox, ImageNet
/// normalization) with every tensor of the plan fetched, and turns what it saw into ranges: min/max; or, from a
/// 2048-bin histogram per tensor gathered in a second pass over the same frames, the 99.999th percentile, or the
/// clipping threshold that minimizes the KL divergence between the histogram and its 8-bit version (TensorRT's
/// entropy calibration).</summary>
internal static class Calibrator
{
    private const int Bins = 2048;

    public static Dictionary<string, ActivationRange> Run(ModelProto model, IReadOnlyCollection<string> tensors, IReadOnlyList<OpenCvSharp.Mat> images,
        CalibrationMethod method, TextWriter log)
    {
        var augmented = model.Clone();
        var outputs = augmented.Graph.Output.Select(o => o.Name).ToHashSet();
        foreach (var t in tensors.Where(t => !outputs.Contains(t)))
            augmented.Graph.Output.Add(new ValueInfoProto { Name = t, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } });
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(augmented.ToByteArray(), options);
        var (inputName, meta) = session.InputMetadata.First();
        int h = meta.Dimensions[2], w = meta.Dimensions[3];
        if (h <= 0 || w <= 0) throw new InvalidDataException("quantizer: the model's input needs a fixed height and width");
        using var pre = new Preprocessor(w, h, ResizeMode.Letterbox);
        var data = new float[pre.TensorLength];
        var names = tensors.ToArray();
        var min = names.ToDictionary(n => n, _ => float.PositiveInfinity);
        var max = names.ToDictionary(n => n, _ => float.NegativeInfinity);
        void Each(Action<string, ReadOnlySpan<float>> visit)
        {
            using var ro = new RunOptions();
            foreach (var image in images)
            {
                pre.Run(image, data);
                using var input = OrtValue.CreateTensorValueFromMemory(data, [1, 3, h, w]);
                using var results = session.Run(ro, [inputName], [input], names);
                for (int i = 0; i < names.Length; i++) visit(names[i], results[i].GetTensorDataAsSpan<float>());
            }
        }
        Each((n, v) =>
        {
            float lo = min[n], hi = max[n];
            foreach (var x in v) { if (x < lo) lo = x; if (x > hi) hi = x; }
            min[n] = lo;
            max[n] = hi;
        });
        log.WriteLine($"calibration: {images.Count} frame(s), {names.Length} tensor(s), method {method.ToString().ToLowerInvariant()}");
        if (method == CalibrationMethod.MinMax) return names.ToDictionary(n => n, n => new ActivationRange(Math.Min(min[n], 0), Math.Max(max[n], 0)));
        // Histograms of |x| over [0, max|x|] (one side for post-Relu tensors, both folded for signed ones).
        var hist = names.ToDictionary(n => n, _ => new long[Bins]);
        var top = names.ToDictionary(n => n, n => Math.Max(Math.Abs(min[n]), Math.Abs(max[n])) + 1e-12f);
        Each((n, v) =>
        {
            var hgram = hist[n];
            float k = Bins / top[n];
            foreach (var x in v) hgram[Math.Min(Bins - 1, (int)(Math.Abs(x) * k))]++;
        });
        return names.ToDictionary(n => n, n =>
        {
            bool signed = min[n] < 0;
            float t = method == CalibrationMethod.Percentile ? Percentile(hist[n], 0.99999) : Entropy(hist[n], signed ? 128 : 256);
            float threshold = top[n] * t;
            return new ActivationRange(signed ? Math.Max(min[n], -threshold) : 0, Math.Min(max[n], threshold));
        });
    }

    /// <summary>The fraction of the histogram's range below which <paramref name="p"/> of the values lie.</summary>
    private static float Percentile(long[] hist, double p)
    {
        long total = hist.Sum(), target = (long)Math.Ceiling(total * p), seen = 0;
        for (int i = 0; i < hist.Length; i++)
            if ((seen += hist[i]) >= target) return (i + 1f) / hist.Length;
        return 1;
    }

    /// <summary>TensorRT's entropy calibration: the clipping bin i (from <paramref name="levels"/> up, every 16th) whose
    /// distribution P (the first i bins, the tail folded into the last) loses least information (KL) when quantized to
    /// <paramref name="levels"/> levels (Q: each level's mass spread over its non-empty bins). Returns i / bins.</summary>
    private static float Entropy(long[] hist, int levels)
    {
        double best = double.PositiveInfinity;
        int bestI = hist.Length;
        var p = new double[hist.Length];
        var q = new double[hist.Length];
        for (int i = levels; i <= hist.Length; i += 16)
        {
            double tail = 0;
            for (int j = i; j < hist.Length; j++) tail += hist[j];
            for (int j = 0; j < i; j++) p[j] = hist[j];
            p[i - 1] += tail;
            double per = i / (double)levels;
            for (int l = 0; l < levels; l++)
            {
                int a = (int)(l * per), b = Math.Max(a + 1, (int)((l + 1) * per));
                double mass = 0; int nonZero = 0;
                // Q from the unclipped bins (the clipped tail is only in P's last bin: clipping is what it costs).
                for (int j = a; j < b; j++) { mass += hist[j]; if (hist[j] != 0) nonZero++; }
                for (int j = a; j < b; j++) q[j] = hist[j] == 0 || nonZero == 0 ? 0 : mass / nonZero;
            }
            double sp = 0, sq = 0;
            for (int j = 0; j < i; j++) { sp += p[j]; sq += q[j]; }
            if (sp == 0 || sq == 0) continue;
            double kl = 0;
            for (int j = 0; j < i; j++)
            {
                if (p[j] == 0) continue;
                double pj = p[j] / sp, qj = q[j] / sq;
                kl += qj == 0 ? pj * 20 : pj * Math.Log(pj / qj); // an uncovered bin costs as much as a large ratio
            }
            if (kl < best) { best = kl; bestI = i; }
        }
        return bestI / (float)hist.Length;
    }
}
