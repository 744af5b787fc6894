using RetinaNet.Edge.Toolkit.Export.Onnx;

namespace RetinaNet.Edge.Toolkit.Import;

/// <summary>Float32 initializers of an ONNX graph by name (raw little-endian data or <c>float_data</c>), each checked
/// against its shape; a missing or non-float tensor is an error naming the file and the tensor.</summary>
internal static class OnnxInitializers
{
    public static (long[] Shape, float[] Data) Floats(IReadOnlyDictionary<string, TensorProto> initializers, string name, string source)
    {
        if (!initializers.TryGetValue(name, out var t)) throw new InvalidDataException($"{source}: initializer {name} is missing");
        if (t.DataType != (int)TensorProto.Types.DataType.Float) throw new InvalidDataException($"{source}: initializer {name} is not float32");
        float[] data = t.RawData.Length > 0
            ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray()
            : t.FloatData.ToArray();
        long count = t.Dims.Aggregate(1L, (a, d) => a * d);
        if (data.Length != count) throw new InvalidDataException($"{source}: initializer {name} holds {data.Length} values for shape [{string.Join(",", t.Dims)}]");
        return (t.Dims.ToArray(), data);
    }
}
