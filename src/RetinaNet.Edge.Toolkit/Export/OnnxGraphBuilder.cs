using Google.Protobuf;
using RetinaNet.Edge.Toolkit.Export.Onnx;

namespace RetinaNet.Edge.Toolkit.Export;

/// <summary>Builds an ONNX graph node by node with unique value names and little-endian raw initializers.</summary>
internal sealed class OnnxGraphBuilder
{
    public const int Opset = 18;
    private readonly GraphProto _graph;
    private readonly Dictionary<string, int> _counters = [];

    public OnnxGraphBuilder() : this(new GraphProto { Name = "retinanet" }) { }

    /// <summary>Adds to an existing graph (graph rewrites: class reduction, quantization).</summary>
    public OnnxGraphBuilder(GraphProto graph) => _graph = graph;

    public GraphProto Graph => _graph;
    public OnnxPrecision Precision { get; set; }

    /// <summary>Initializer names already written for a module (weights shared by several nodes).</summary>
    public Dictionary<object, (string Weight, string? Bias)> SharedWeights { get; } = new(ReferenceEqualityComparer.Instance);

    public string Fresh(string prefix)
    {
        int n = _counters.TryGetValue(prefix, out var last) ? last + 1 : 0;
        _counters[prefix] = n;
        return $"{prefix}_{n}";
    }

    public string Initializer(string prefix, float[] data, params long[] dims)
    {
        var name = Fresh(prefix);
        var bytes = new byte[data.Length * sizeof(float)];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(bytes) };
        t.Dims.AddRange(dims);
        _graph.Initializer.Add(t);
        return name;
    }

    /// <summary>An initializer of any element type from its little-endian bytes.</summary>
    public string Initializer(string prefix, TensorProto.Types.DataType type, byte[] raw, params long[] dims)
    {
        var name = Fresh(prefix);
        var t = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        t.Dims.AddRange(dims);
        _graph.Initializer.Add(t);
        return name;
    }

    public string Node(string op, string[] inputs, params AttributeProto[] attributes) => Node(op, inputs, Fresh(op.ToLowerInvariant()), attributes);

    public string Node(string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = output + "_node" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Text(string name, string value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static ValueInfoProto FloatValue(string name, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string p ? new TensorShapeProto.Types.Dimension { DimParam = p } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
