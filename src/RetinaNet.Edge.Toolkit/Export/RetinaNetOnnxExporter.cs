using Google.Protobuf;
using RetinaNet.Edge.Toolkit.Export.Onnx;
using RetinaNet.Edge.Toolkit.Model;
using TorchSharp;
using TorchSharp.Modules;
using static RetinaNet.Edge.Toolkit.Export.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Export;

/// <summary>Writes a <see cref="RetinaNetModel"/> as ONNX in layout A: input <c>input</c> [batch, 3, H, W] (RGB,
/// ImageNet-normalized), outputs <c>score_1..5</c> (sigmoid applied) then <c>box_1..5</c>, BatchNorm folded into the
/// convolutions, dynamic batch. Model metadata records layout, classes, labels and anchor settings for the agent.</summary>
/// <summary>Naming and shape options. <see cref="Zoo"/> mimics the ONNX model zoo's retinanet-9.onnx: outputs
/// <c>output1..10</c>, batch fixed at 1, no metadata.</summary>
internal sealed record OnnxExportOptions(bool ZooNames = false, bool FixedBatch = false, bool Metadata = true, OnnxPrecision Precision = OnnxPrecision.Float32)
{
    public static readonly OnnxExportOptions Default = new();
    public static readonly OnnxExportOptions Zoo = new(ZooNames: true, FixedBatch: true, Metadata: false);
}

/// <summary>Numeric format of the convolutions: float32; float16 (weights and activations, float32 at the graph's
/// edges); or dynamic int8 (int8 weights per output channel… per tensor here, uint8 activations quantized at run time,
/// ConvInteger with int32 accumulation).</summary>
internal enum OnnxPrecision { Float32, Float16, Int8Dynamic }

internal static class RetinaNetOnnxExporter
{
    public static ModelProto Build(RetinaNetModel model, IReadOnlyList<string> labels, OnnxExportOptions? options = null) =>
        Build(model, labels, options, out _);

    /// <summary>As above; <paramref name="weights"/> names each convolution's weight and bias initializers (the
    /// export is deterministic, so a file written from the same config has the same names: see OnnxSelfImporter).</summary>
    public static ModelProto Build(RetinaNetModel model, IReadOnlyList<string> labels, OnnxExportOptions? options, out IReadOnlyDictionary<object, (string Weight, string? Bias)> weights)
    {
        options ??= OnnxExportOptions.Default;
        object batch = options.FixedBatch ? 1 : "batch";
        var cfg = model.Config;
        var g = new OnnxGraphBuilder();
        weights = g.SharedWeights;
        using var noGrad = no_grad();
        g.Graph.Input.Add(FloatValue("input", batch, 3, cfg.InputHeight, cfg.InputWidth));

        g.Precision = options.Precision;
        var first = options.Precision == OnnxPrecision.Float16 ? g.Node("Cast", ["input"], Int("to", (long)TensorProto.Types.DataType.Float16)) : "input";
        var (c3, c4, c5) = Backbone(g, model.backbone, first);
        var levels = Pyramid(g, model.fpn, c3, c4, c5);
        var shapes = LevelShapes(model);
        var scores = new List<string>();
        var boxes = new List<string>();
        for (int l = 0; l < levels.Length; l++)
        {
            var cls = Subnet(g, model.cls_head, levels[l]);
            string ToFloat(string v) => options.Precision == OnnxPrecision.Float16 ? g.Node("Cast", [v], Int("to", (long)TensorProto.Types.DataType.Float)) : v;
            scores.Add(g.Node("Identity", [ToFloat(g.Node("Sigmoid", [cls]))], options.ZooNames ? $"output{l + 1}" : $"score_{l + 1}"));
            var box = Subnet(g, model.box_head, levels[l]);
            boxes.Add(g.Node("Identity", [ToFloat(box)], options.ZooNames ? $"output{l + 6}" : $"box_{l + 1}"));
        }
        int a = cfg.AnchorsPerLocation;
        for (int l = 0; l < levels.Length; l++) g.Graph.Output.Add(FloatValue(scores[l], batch, a * cfg.NumClasses, shapes[l].H, shapes[l].W));
        for (int l = 0; l < levels.Length; l++) g.Graph.Output.Add(FloatValue(boxes[l], batch, a * 4, shapes[l].H, shapes[l].W));

        var proto = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "retinanet-edge-toolkit",
            ProducerVersion = typeof(RetinaNetOnnxExporter).Assembly.GetName().Version?.ToString() ?? "1.0",
            Graph = g.Graph,
            DocString = "RetinaNet (Focal Loss for Dense Object Detection), layout A: sigmoid class maps then box maps, P3-P7",
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        if (!options.Metadata) return proto;
        void Meta(string k, string v) => proto.MetadataProps.Add(new StringStringEntryProto { Key = k, Value = v });
        Meta("retinanet.layout", "A");
        Meta("retinanet.num_classes", cfg.NumClasses.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Meta("retinanet.anchor_octave_base", cfg.AnchorOctaveBase.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Meta("retinanet.anchor_ratios", "1,2,0.5");
        Meta("retinanet.anchor_scales_per_octave", "3");
        Meta("retinanet.labels", string.Join('\n', labels));
        Meta("retinanet.config", cfg.ToJson());
        return proto;
    }

    public static void Write(RetinaNetModel model, IReadOnlyList<string> labels, string path, OnnxExportOptions? options = null)
    {
        var proto = Build(model, labels, options);
        using var file = File.Create(path);
        proto.WriteTo(file);
    }

    private static (int H, int W)[] LevelShapes(RetinaNetModel model)
    {
        var cfg = model.Config;
        bool training = model.training;
        model.eval();
        using var scope = NewDisposeScope();
        var (cls, _) = model.forward(zeros(1, 3, cfg.InputHeight, cfg.InputWidth));
        if (training) model.train();
        return cls.Select(c => ((int)c.shape[2], (int)c.shape[3])).ToArray();
    }

    private static (string C3, string C4, string C5) Backbone(OnnxGraphBuilder g, ResNetBackbone b, string x)
    {
        x = ConvBn(g, b.stem, x);
        x = g.Node("MaxPool", [x], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1));
        var outs = new string[4];
        for (int s = 0; s < 4; s++)
        {
            foreach (var module in b.stages[s].children())
                x = Block(g, (ResidualBlock)module, x);
            outs[s] = x;
        }
        return (outs[1], outs[2], outs[3]);
    }

    private static string Block(OnnxGraphBuilder g, ResidualBlock block, string x)
    {
        var y = x;
        foreach (var c in block.convs) y = ConvBn(g, c, y);
        var identity = block.downsample is null ? x : ConvBn(g, block.downsample, x);
        return g.Node("Relu", [g.Node("Add", [y, identity])]);
    }

    private static string[] Pyramid(OnnxGraphBuilder g, Fpn f, string c3, string c4, string c5)
    {
        var l5 = Conv(g, f.lateral5, c5);
        var l4 = g.Node("Add", [Conv(g, f.lateral4, c4), Upsample(g, l5, c4)]);
        var l3 = g.Node("Add", [Conv(g, f.lateral3, c3), Upsample(g, l4, c3)]);
        var p5 = Conv(g, f.smooth5, l5);
        var p6 = Conv(g, f.p6, f.P6FromC5 ? c5 : p5);
        var p7 = Conv(g, f.p7, g.Node("Relu", [p6]));
        return [Conv(g, f.smooth3, l3), Conv(g, f.smooth4, l4), p5, p6, p7];
    }

    /// <summary>Nearest upsampling of <paramref name="x"/> to the spatial size of <paramref name="like"/> (PyTorch's
    /// "nearest": src = floor(dst · in / out), which is ONNX's asymmetric + floor).</summary>
    private static string Upsample(OnnxGraphBuilder g, string x, string like)
    {
        var size = g.Node("Shape", [like], Int("start", 2), Int("end", 4));
        return g.Node("Resize", [x, "", "", size], Ints("axes", 2, 3), Text("mode", "nearest"),
            Text("coordinate_transformation_mode", "asymmetric"), Text("nearest_mode", "floor"));
    }

    private static string Subnet(OnnxGraphBuilder g, Subnet s, string x)
    {
        foreach (var conv in s.tower) x = g.Node("Relu", [Conv(g, conv, x)]);
        return Conv(g, s.output, x);
    }

    private static string ConvBn(OnnxGraphBuilder g, ConvBn m, string x)
    {
        var (scale, shift) = m.FoldedAffine();
        var w = Data(m.conv.weight!);
        long outC = m.conv.weight!.shape[0], perOut = w.Length / outC;
        for (long o = 0; o < outC; o++)
            for (long i = 0; i < perOut; i++) w[o * perOut + i] *= scale[o];
        var y = EmitConv(g, m.conv, x, () => (w, shift));
        return m.Relu ? g.Node("Relu", [y]) : y;
    }

    private static string Conv(OnnxGraphBuilder g, Conv2d conv, string x) => EmitConv(g, conv, x, () => (Data(conv.weight!), conv.bias is null ? null : Data(conv.bias)));

    /// <summary>A Conv node; its weights are written once per module, so the subnets shared by the five pyramid
    /// levels share their initializers in the file too.</summary>
    private static string EmitConv(OnnxGraphBuilder g, Conv2d conv, string x, Func<(float[] Weight, float[]? Bias)> parameters)
    {
        var shape = conv.weight!.shape;
        long k = shape[2], stride = conv.stride![0], pad = conv.padding is { } p ? p[0] : 0;
        AttributeProto[] attrs = [Ints("kernel_shape", k, shape[3]), Ints("strides", stride, stride), Ints("pads", pad, pad, pad, pad), Ints("dilations", 1, 1), Int("group", 1)];
        if (!g.SharedWeights.TryGetValue(conv, out var names))
        {
            var (weight, bias) = parameters();
            names = g.Precision switch
            {
                OnnxPrecision.Float16 => (Half(g, "weight", weight, shape), bias is null ? null : Half(g, "bias", bias, shape[0])),
                OnnxPrecision.Int8Dynamic => QuantizedWeights(g, weight, bias, shape),
                _ => (g.Initializer("weight", weight, shape), bias is null ? null : g.Initializer("bias", bias, shape[0])),
            };
            g.SharedWeights[conv] = names;
        }
        if (g.Precision == OnnxPrecision.Int8Dynamic) return QuantizedConv(g, x, names, attrs);
        var inputs = names.Bias is null ? new[] { x, names.Weight } : [x, names.Weight, names.Bias];
        return g.Node("Conv", inputs, attrs);
    }

    private static string Half(OnnxGraphBuilder g, string prefix, float[] data, params long[] dims)
    {
        var raw = new byte[data.Length * 2];
        for (int i = 0; i < data.Length; i++) BitConverter.TryWriteBytes(raw.AsSpan(i * 2), (System.Half)data[i]);
        return g.Initializer(prefix, TensorProto.Types.DataType.Float16, raw, dims);
    }

    /// <summary>Symmetric per-tensor int8 weights; the name of the weight scale is packed after the bias name.</summary>
    private static (string Weight, string? Bias) QuantizedWeights(OnnxGraphBuilder g, float[] weight, float[]? bias, long[] shape)
    {
        float max = weight.Max(MathF.Abs);
        float scale = max > 0 ? max / 127f : 1f;
        var q = new byte[weight.Length];
        for (int i = 0; i < weight.Length; i++) q[i] = (byte)(sbyte)Math.Clamp(MathF.Round(weight[i] / scale), -127, 127);
        var w = g.Initializer("qweight", TensorProto.Types.DataType.Int8, q, shape);
        var wZero = g.Initializer("qweight_zero", TensorProto.Types.DataType.Int8, [0]);
        var wScale = g.Initializer("qweight_scale", [scale]);
        var b = g.Initializer("qbias", bias ?? new float[shape[0]], 1, shape[0], 1, 1);
        return (w, $"{wZero}|{wScale}|{b}");
    }

    /// <summary>y = ConvInteger(q(x), Wq) · (x_scale · w_scale) + b, with x quantized to uint8 at run time.</summary>
    private static string QuantizedConv(OnnxGraphBuilder g, string x, (string Weight, string? Bias) names, AttributeProto[] attrs)
    {
        var parts = names.Bias!.Split('|');
        string xq = g.Fresh("xq"), xs = g.Fresh("xscale"), xz = g.Fresh("xzero");
        var node = new NodeProto { OpType = "DynamicQuantizeLinear", Name = xq + "_node" };
        node.Input.Add(x);
        node.Output.Add(xq); node.Output.Add(xs); node.Output.Add(xz);
        g.Graph.Node.Add(node);
        var acc = g.Node("ConvInteger", [xq, names.Weight, xz, parts[0]], attrs);
        var f = g.Node("Cast", [acc], Int("to", (long)TensorProto.Types.DataType.Float));
        var scale = g.Node("Mul", [xs, parts[1]]);
        return g.Node("Add", [g.Node("Mul", [f, scale]), parts[2]]);
    }

    private static float[] Data(Tensor t) => t.detach().contiguous().data<float>().ToArray();
}
