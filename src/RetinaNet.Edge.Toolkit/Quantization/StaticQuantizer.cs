using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using RetinaNet.Edge.Toolkit.Export.Onnx;

namespace RetinaNet.Edge.Toolkit.Quantization;

internal sealed record QuantizeOptions(string Calibration, int Images = 100, CalibrationMethod Method = CalibrationMethod.Percentile, bool QuantizeHeads = false);

/// <summary>What ONNX Runtime made of a QDQ file on the CPU (extended optimizations, where QDQ groups are fused):
/// operator counts of its optimized graph.</summary>
internal sealed record FusionReport(IReadOnlyDictionary<string, int> Operators)
{
    public int Count(string op) => Operators.TryGetValue(op, out var n) ? n : 0;
    public int FusedConvolutions => Count("QLinearConv");
    public int FloatConvolutions => Count("Conv") + Count("FusedConv");
    public override string ToString() => string.Join(", ", Operators.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}"));
}

/// <summary>Static int8 quantization of any float ONNX detector (the toolkit's exports, torchvision's): the graph is
/// first simplified by ONNX Runtime's basic optimizations (constant folding; BatchNorm and FrozenBatchNorm's Mul/Add
/// folded into the convolutions), then calibrated (<see cref="Calibrator"/>) and rewritten into QDQ form
/// (<see cref="QdqPlan"/>, <see cref="QdqRewriter"/>) — one file for ONNX Runtime's CPU kernels (QLinearConv, u8s8)
/// and TensorRT's explicit-precision int8.</summary>
internal static class StaticQuantizer
{
    public static ModelProto Quantize(string floatModelPath, QuantizeOptions options, TextWriter log)
    {
        var original = ModelProto.Parser.ParseFrom(File.ReadAllBytes(floatModelPath));
        var model = Simplified(floatModelPath, original);
        FullRankResize(model.Graph);
        var plan = QdqPlan.For(model.Graph, options.QuantizeHeads);
        log.WriteLine($"plan: {plan.QuantizedConvs.Count} convolution(s) int8, {plan.FloatConvs} float (heads' last), {plan.Calibrated.Count} activation(s) calibrated, {plan.SameAs.Count} sharing their input's range");
        var images = CalibrationImages.Load(options.Calibration, options.Images).ToList();
        try
        {
            var ranges = Calibrator.Run(model, plan.Calibrated, images, options.Method, log);
            var quantized = QdqRewriter.Apply(model, plan, ranges);
            RemoveUnused(quantized.Graph);
            quantized.MetadataProps.Clear();
            quantized.MetadataProps.AddRange(original.MetadataProps.Where(p => !p.Key.StartsWith("retinanet.quantization", StringComparison.Ordinal)));
            quantized.MetadataProps.Add(new StringStringEntryProto { Key = "retinanet.quantization", Value = $"int8 QDQ (u8 activations, s8 per-channel weights), {options.Method.ToString().ToLowerInvariant()} calibration on {images.Count} frame(s), heads' last convolutions {(options.QuantizeHeads ? "int8" : "float")}" });
            quantized.ProducerName = "retinanet-edge-toolkit quantize";
            return quantized;
        }
        finally { images.ForEach(i => i.Dispose()); }
    }

    /// <summary>ONNX Runtime's basic (provider-independent, standard-operator) optimizations of the float graph.</summary>
    private static ModelProto Simplified(string path, ModelProto original)
    {
        var tmp = Path.Combine(Path.GetTempPath(), $"retinanet-simplified-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var so = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC, OptimizedModelFilePath = tmp })
            using (new InferenceSession(path, so)) { }
            var simplified = ModelProto.Parser.ParseFrom(File.ReadAllBytes(tmp));
            simplified.MetadataProps.Clear();
            simplified.MetadataProps.AddRange(original.MetadataProps);
            return simplified;
        }
        finally { File.Delete(tmp); }
    }

    /// <summary>Resize with <c>axes</c> and sizes of those axes only becomes Resize with the full 4-d sizes: ONNX
    /// Runtime's NHWC layout pass (which moves the integer convolutions to NHWC at the "all" level) otherwise leaves
    /// the 2-element sizes behind and the model fails shape inference at load.</summary>
    private static void FullRankResize(GraphProto graph)
    {
        for (int k = 0; k < graph.Node.Count; k++)
        {
            var n = graph.Node[k];
            var axes = n.Attribute.FirstOrDefault(a => a.Name == "axes");
            if (n.OpType != "Resize" || axes is null || n.Input.Count < 4 || n.Input[3].Length == 0) continue;
            if (!axes.Ints.SequenceEqual([2L, 3L])) continue;
            var lead = new NodeProto { OpType = "Shape", Name = n.Output[0] + "_lead_node" };
            lead.Input.Add(n.Input[0]);
            lead.Output.Add(n.Output[0] + "_lead");
            lead.Attribute.Add(new AttributeProto { Name = "start", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
            lead.Attribute.Add(new AttributeProto { Name = "end", Type = AttributeProto.Types.AttributeType.Int, I = 2 });
            var concat = new NodeProto { OpType = "Concat", Name = n.Output[0] + "_sizes_node" };
            concat.Input.Add(lead.Output[0]);
            concat.Input.Add(n.Input[3]);
            concat.Output.Add(n.Output[0] + "_sizes");
            concat.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
            n.Input[3] = concat.Output[0];
            n.Attribute.Remove(axes);
            graph.Node.Insert(k, concat);
            graph.Node.Insert(k, lead);
            k += 2;
        }
    }

    private static void RemoveUnused(GraphProto graph)
    {
        var used = graph.Node.SelectMany(n => n.Input).ToHashSet();
        var keep = graph.Initializer.Where(i => used.Contains(i.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(keep);
    }

    /// <summary>Loads <paramref name="modelPath"/> in ONNX Runtime (CPU, extended optimizations) and counts the operators
    /// of the graph it runs.</summary>
    public static FusionReport Fusion(string modelPath)
    {
        var tmp = Path.Combine(Path.GetTempPath(), $"retinanet-optimized-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var so = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = tmp })
            using (new InferenceSession(modelPath, so)) { }
            var optimized = ModelProto.Parser.ParseFrom(File.ReadAllBytes(tmp));
            return new FusionReport(optimized.Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count()));
        }
        finally { File.Delete(tmp); }
    }

    public static void Write(ModelProto model, string path)
    {
        using var file = File.Create(path);
        model.WriteTo(file);
    }
}
