using RetinaNet.Edge.Toolkit.Export.Onnx;

namespace RetinaNet.Edge.Toolkit.Performance;

/// <summary>Counts the multiply-accumulates of an ONNX graph at batch 1 by propagating shapes through it.
/// Understands the operators the exporter and the quantizer write (Conv, MatMul, Relu, Sigmoid, Add, Identity, MaxPool,
/// Shape, Concat of shapes, Resize, Quantize/DequantizeLinear, and the class reduction's Reshape, ReduceMax, ArgMax);
/// FLOPs = 2 × MACs of Conv and MatMul (element-wise operators are not counted, as is usual).</summary>
internal static class OnnxFlops
{
    public static (long Macs, IReadOnlyDictionary<string, long> ByOp) Count(ModelProto model)
    {
        var g = model.Graph;
        var shapes = new Dictionary<string, long[]>();
        var shapeValues = new Dictionary<string, long[]>(); // outputs of Shape nodes: the dims they carry
        foreach (var init in g.Initializer) shapes[init.Name] = [.. init.Dims];
        var longs = g.Initializer.Where(i => i.DataType == (int)TensorProto.Types.DataType.Int64)
            .ToDictionary(i => i.Name, i => i.RawData.Length > 0 ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(i.RawData.Span).ToArray() : i.Int64Data.ToArray());
        foreach (var input in g.Input)
        {
            if (shapes.ContainsKey(input.Name)) continue;
            shapes[input.Name] = input.Type.TensorType.Shape.Dim.Select(d => d.HasDimValue ? d.DimValue : 1).ToArray();
        }
        long macs = 0;
        var byOp = new Dictionary<string, long>();
        foreach (var node in g.Node)
        {
            var x = node.Input.Count > 0 && shapes.TryGetValue(node.Input[0], out var s) ? s : [];
            long[] output;
            long m = 0;
            switch (node.OpType)
            {
                case "Conv" or "ConvInteger":
                {
                    var w = shapes[node.Input[1]];
                    var k = Ints(node, "kernel_shape") ?? [w[2], w[3]];
                    var st = Ints(node, "strides") ?? [1, 1];
                    var p = Ints(node, "pads") ?? [0, 0, 0, 0];
                    long group = Int(node, "group") ?? 1;
                    long h = (x[2] + p[0] + p[2] - k[0]) / st[0] + 1, wd = (x[3] + p[1] + p[3] - k[1]) / st[1] + 1;
                    output = [x[0], w[0], h, wd];
                    m = x[0] * w[0] * h * wd * (x[1] / group) * k[0] * k[1];
                    break;
                }
                case "MatMul":
                {
                    var b = shapes[node.Input[1]];
                    output = [.. x[..^1], b[^1]];
                    m = x.Aggregate(1L, (a, v) => a * v) * b[^1];
                    break;
                }
                case "MaxPool":
                {
                    var k = Ints(node, "kernel_shape")!;
                    var st = Ints(node, "strides") ?? [1, 1];
                    var p = Ints(node, "pads") ?? [0, 0, 0, 0];
                    output = [x[0], x[1], (x[2] + p[0] + p[2] - k[0]) / st[0] + 1, (x[3] + p[1] + p[3] - k[1]) / st[1] + 1];
                    break;
                }
                case "Shape":
                {
                    long start = Int(node, "start") ?? 0, end = Int(node, "end") ?? x.Length;
                    shapeValues[node.Output[0]] = x[(int)start..(int)end];
                    output = [end - start];
                    break;
                }
                case "Resize":
                {
                    var sizes = shapeValues.GetValueOrDefault(node.Input[3]) ?? throw new NotSupportedException("Resize without sizes from a Shape node");
                    output = sizes.Length == 4 ? sizes : [x[0], x[1], .. sizes];
                    break;
                }
                case "Concat" when node.Input.All(shapeValues.ContainsKey):
                    shapeValues[node.Output[0]] = [.. node.Input.SelectMany(i => shapeValues[i])];
                    output = [shapeValues[node.Output[0]].Length];
                    break;
                case "QuantizeLinear" or "DequantizeLinear":
                    output = x;
                    break;
                case "Reshape":
                {
                    var target = longs[node.Input[1]].Select((v, i) => v == 0 ? x[i] : v).ToArray();
                    long known = target.Where(v => v > 0).Aggregate(1L, (a, v) => a * v), total = x.Aggregate(1L, (a, v) => a * v);
                    output = target.Select(v => v < 0 ? total / known : v).ToArray();
                    break;
                }
                case "ReduceMax" or "ArgMax":
                {
                    long axis = node.OpType == "ArgMax" ? Int(node, "axis") ?? 0 : longs[node.Input[1]][0];
                    bool keep = (Int(node, "keepdims") ?? 1) != 0;
                    output = keep ? x.Select((v, i) => i == axis ? 1 : v).ToArray() : x.Where((_, i) => i != axis).ToArray();
                    break;
                }
                case "Relu" or "Sigmoid" or "Identity" or "Cast":
                    output = x;
                    break;
                case "Add" or "Mul":
                {
                    var y = shapes.TryGetValue(node.Input[1], out var ys) ? ys : [];
                    output = y.Length > x.Length ? y : x;
                    break;
                }
                case "DynamicQuantizeLinear":
                    output = x;
                    shapes[node.Output[1]] = [];
                    shapes[node.Output[2]] = [];
                    break;
                default:
                    throw new NotSupportedException($"operator {node.OpType} (node {node.Name}) is not counted; only graphs written by the exporter are supported");
            }
            shapes[node.Output[0]] = output;
            macs += m;
            if (m > 0) byOp[node.OpType] = byOp.GetValueOrDefault(node.OpType) + m;
        }
        return (macs, byOp);
    }

    private static long[]? Ints(NodeProto n, string name) => n.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray();
    private static long? Int(NodeProto n, string name) => n.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.I : null;
}
