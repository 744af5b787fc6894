using Google.Protobuf;
using RetinaNet.Edge.Toolkit.Export.Onnx;

namespace RetinaNet.Edge.Toolkit.Quantization;

/// <summary>Rewrites a float graph into QDQ form by a <see cref="QdqPlan"/> and calibrated ranges: one QuantizeLinear
/// after each quantized tensor's producer, one DequantizeLinear per consumer (ONNX Runtime fuses a DQ → op → Q group
/// only when the DQ feeds that op alone), <c>Shape</c> reading the uint8 tensor itself; quantized convolutions take
/// per-channel symmetric int8 weights and an int32 bias of scale x_scale · w_scale through their own DQ nodes.</summary>
internal static class QdqRewriter
{
    public static ModelProto Apply(ModelProto model, QdqPlan plan, IReadOnlyDictionary<string, ActivationRange> ranges)
    {
        var result = model.Clone();
        var graph = result.Graph;
        var nodes = graph.Node.ToList();
        graph.Node.Clear();
        var initializers = graph.Initializer.ToDictionary(i => i.Name);
        var quantized = plan.Quantized.ToHashSet();
        ActivationRange RangeOf(string t) => ranges[plan.SameAs.TryGetValue(t, out var root) ? root : t];
        var paramNames = new Dictionary<string, (string Scale, string Zero)>();
        (string Scale, string Zero) Params(string t)
        {
            if (paramNames.TryGetValue(t, out var p)) return p;
            var r = RangeOf(t);
            p = (Add(graph, $"{t}_scale", TensorProto.Types.DataType.Float, BitConverter.GetBytes(r.Scale)),
                 Add(graph, $"{t}_zero", TensorProto.Types.DataType.Uint8, [r.ZeroPoint]));
            return paramNames[t] = p;
        }
        int dq = 0;
        string Dequantized(string t)
        {
            var (s, z) = Params(t);
            var y = $"{t}_dq{dq++}";
            graph.Node.Add(Node("DequantizeLinear", [$"{t}_q", s, z], y));
            return y;
        }
        void Quantize(string t, string? from = null)
        {
            var (s, z) = Params(t);
            graph.Node.Add(Node("QuantizeLinear", [from ?? t, s, z], $"{t}_q"));
        }
        foreach (var input in graph.Input.Where(i => quantized.Contains(i.Name))) Quantize(input.Name);
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet();
        for (int k = 0; k < nodes.Count; k++)
        {
            var n = nodes[k].Clone();
            for (int i = 0; i < n.Input.Count; i++)
            {
                var x = n.Input[i];
                if (!quantized.Contains(x)) continue;
                n.Input[i] = n.OpType == "Shape" ? $"{x}_q" : Dequantized(x); // a shape needs no dequantization
            }
            if (plan.QuantizedConvs.Contains(k)) QuantizeConv(graph, n, initializers, RangeOf(nodes[k].Input[0]).Scale);
            graph.Node.Add(n);
            for (int o = 0; o < n.Output.Count; o++)
            {
                var y = n.Output[o];
                if (!quantized.Contains(y)) continue;
                if (!graphOutputs.Contains(y)) { Quantize(y); continue; }
                // A graph output (a head's last convolution with --quantize-heads): the node writes a float tensor that
                // is quantized and dequantized back under the output's own name, so the integer convolution fuses.
                n.Output[o] = y + "_float";
                Quantize(y, from: n.Output[o]);
                var (s, z) = Params(y);
                graph.Node.Add(Node("DequantizeLinear", [$"{y}_q", s, z], y));
            }
        }
        return result;
    }

    private static void QuantizeConv(GraphProto graph, NodeProto conv, Dictionary<string, TensorProto> initializers, float inputScale)
    {
        var w = initializers[conv.Input[1]];
        var weights = Floats(w);
        int outC = (int)w.Dims[0], per = weights.Length / outC;
        var scales = new float[outC];
        var q = new byte[weights.Length];
        for (int o = 0; o < outC; o++)
        {
            float max = 0;
            for (int i = 0; i < per; i++) max = Math.Max(max, Math.Abs(weights[o * per + i]));
            scales[o] = max > 0 ? max / 127f : 1f;
            for (int i = 0; i < per; i++) q[o * per + i] = (byte)(sbyte)Math.Clamp(MathF.Round(weights[o * per + i] / scales[o]), -127, 127);
        }
        // The int8 weights are shared by every convolution using the float ones (heads reused across levels).
        var wq = w.Name + "_int8";
        if (!initializers.ContainsKey(wq))
        {
            var t = new TensorProto { Name = wq, DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom(q) };
            t.Dims.AddRange(w.Dims);
            graph.Initializer.Add(t);
            initializers[wq] = t;
            Add(graph, w.Name + "_wscale", TensorProto.Types.DataType.Float, Bytes(scales), outC);
            Add(graph, w.Name + "_wzero", TensorProto.Types.DataType.Int8, new byte[outC], outC);
        }
        var wdq = $"{conv.Output[0]}_w";
        graph.Node.Add(Node("DequantizeLinear", [wq, w.Name + "_wscale", w.Name + "_wzero"], wdq, axis: 0));
        conv.Input[1] = wdq;
        if (conv.Input.Count < 3 || conv.Input[2].Length == 0) return;
        // The bias in int32 at scale x_scale · w_scale: per node, since the input scale differs by pyramid level.
        var bias = Floats(initializers[conv.Input[2]]);
        var bq = new int[outC];
        var bScale = new float[outC];
        for (int o = 0; o < outC; o++)
        {
            bScale[o] = inputScale * scales[o];
            bq[o] = (int)Math.Clamp(Math.Round(bias[o] / (double)bScale[o]), int.MinValue, int.MaxValue);
        }
        var b = Add(graph, $"{conv.Output[0]}_bias_int32", TensorProto.Types.DataType.Int32, Bytes(bq), outC);
        var bs = Add(graph, $"{conv.Output[0]}_bias_scale", TensorProto.Types.DataType.Float, Bytes(bScale), outC);
        var bz = Add(graph, $"{conv.Output[0]}_bias_zero", TensorProto.Types.DataType.Int32, new byte[outC * 4], outC);
        var bdq = $"{conv.Output[0]}_b";
        graph.Node.Add(Node("DequantizeLinear", [b, bs, bz], bdq, axis: 0));
        conv.Input[2] = bdq;
    }

    public static float[] Floats(TensorProto t)
    {
        if (t.DataType != (int)TensorProto.Types.DataType.Float) throw new InvalidOperationException($"quantizer: {t.Name} is not float");
        if (t.RawData.Length > 0)
        {
            var f = new float[t.RawData.Length / 4];
            Buffer.BlockCopy(t.RawData.ToByteArray(), 0, f, 0, t.RawData.Length);
            return f;
        }
        return [.. t.FloatData];
    }

    private static byte[] Bytes<T>(T[] values) where T : unmanaged
    {
        var bytes = new byte[values.Length * System.Runtime.InteropServices.Marshal.SizeOf<T>()];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static string Add(GraphProto graph, string name, TensorProto.Types.DataType type, byte[] raw, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        t.Dims.AddRange(dims);
        graph.Initializer.Add(t);
        return name;
    }

    private static NodeProto Node(string op, string[] inputs, string output, int? axis = null)
    {
        var n = new NodeProto { OpType = op, Name = output + "_node" };
        n.Input.AddRange(inputs);
        n.Output.Add(output);
        if (axis is { } a) n.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = a });
        return n;
    }
}
