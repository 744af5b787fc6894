using System.Text.Json;

namespace RetinaNet.Edge.Hosting;

/// <summary>Serializer options of the commands' JSON result files (one cached instance: CA1869).</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
