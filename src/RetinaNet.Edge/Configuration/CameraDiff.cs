using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetinaNet.Edge.Configuration;

/// <summary>What changed between two versions of a camera file, by its keys: whether anything did, whether its
/// source did (what the decoder child is started with: a change needs a reconnect), and whether its zones or lines did.</summary>
public static class CameraDiff
{
    /// <summary>Keys applied to a running camera on its next frame, without reconnecting.</summary>
    public static readonly IReadOnlyList<string> LiveKeys = ["labels", "labelThresholds", "minScore", "minArea", "maxArea", "zones", "lines"];

    public static bool Same(CameraOptions a, CameraOptions b) => JsonNode.DeepEquals(Node(a), Node(b));

    public static bool SameSource(CameraOptions a, CameraOptions b) => JsonNode.DeepEquals(Without(Node(a), LiveKeys), Without(Node(b), LiveKeys));

    public static bool SameZones(CameraOptions a, CameraOptions b) =>
        JsonNode.DeepEquals(JsonSerializer.SerializeToNode(a.Zones, ConfigLoader.Json), JsonSerializer.SerializeToNode(b.Zones, ConfigLoader.Json))
        && JsonNode.DeepEquals(JsonSerializer.SerializeToNode(a.Lines, ConfigLoader.Json), JsonSerializer.SerializeToNode(b.Lines, ConfigLoader.Json));

    /// <summary>The keys whose values differ, e.g. <c>url</c>, <c>zones</c>.</summary>
    public static IReadOnlyList<string> ChangedKeys(CameraOptions a, CameraOptions b)
    {
        var x = Node(a);
        var y = Node(b);
        return [.. x.Select(p => p.Key).Union(y.Select(p => p.Key)).Where(k => !JsonNode.DeepEquals(x[k], y[k])).Order(StringComparer.Ordinal)];
    }

    private static JsonObject Node(CameraOptions c) => JsonSerializer.SerializeToNode(c, ConfigLoader.Json)!.AsObject();

    private static JsonObject Without(JsonObject o, IReadOnlyList<string> keys)
    {
        foreach (var k in keys) o.Remove(k);
        return o;
    }
}
