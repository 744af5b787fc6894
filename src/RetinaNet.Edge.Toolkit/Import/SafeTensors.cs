using System.Buffers.Binary;
using System.Text.Json;

namespace RetinaNet.Edge.Toolkit.Import;

/// <summary>A reader for the safetensors format (8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the raw data): float32 tensors only, which is what
/// <c>tools/export_torchvision.py --weights-out</c> writes. No code runs on load, unlike a pickled <c>.pth</c>.</summary>
internal sealed class SafeTensors
{
    private const long MaxHeader = 100 * 1024 * 1024;

    private SafeTensors(Dictionary<string, (long[] Shape, float[] Data)> tensors, Dictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    public IReadOnlyDictionary<string, (long[] Shape, float[] Data)> Tensors { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public static SafeTensors Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path}: weights file not found");
        using var stream = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
        if (headerLength <= 0 || headerLength > MaxHeader || 8 + headerLength > info.Length)
            throw new InvalidDataException($"{path}: not a safetensors file (header length {headerLength})");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        using var json = JsonDocument.Parse(header);
        long dataStart = 8 + headerLength, dataLength = info.Length - dataStart;
        var tensors = new Dictionary<string, (long[], float[])>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in json.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__")
            {
                foreach (var m in entry.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString() ?? "";
                continue;
            }
            var dtype = entry.Value.GetProperty("dtype").GetString();
            if (dtype != "F32") throw new InvalidDataException($"{path}: tensor {entry.Name} is {dtype}; only F32 is read");
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            long count = shape.Aggregate(1L, (a, b) => a * b);
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] > dataLength || offsets[1] - offsets[0] != count * 4)
                throw new InvalidDataException($"{path}: tensor {entry.Name} has byte range [{string.Join(", ", offsets)}] that does not fit its shape or the file");
            var data = new float[count];
            stream.Position = dataStart + offsets[0];
            stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian host");
            tensors[entry.Name] = (shape, data);
        }
        return new SafeTensors(tensors, metadata);
    }
}
