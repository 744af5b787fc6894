using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Configuration;

/// <summary>Loaded options as configuration keys (<c>mqtt:outbox:fsync</c>, <c>inference:providers:0</c>): the JSON
/// agent.json would hold for them, flattened as .NET's JSON configuration provider does, except that enums are written
/// by their .NET names (which the binder parses) rather than their JSON names (<c>"3.1.1"</c>).</summary>
internal static class ConfigurationKeys
{
    private static readonly JsonSerializerOptions Json = Options();

    private static JsonSerializerOptions Options()
    {
        var json = new JsonSerializerOptions(ConfigLoader.Json) { IgnoreReadOnlyProperties = true };
        json.Converters.Insert(0, new EnumByName()); // the first converter that takes a type wins
        return json;
    }

    public static Dictionary<string, string?> Of(AgentOptions agent)
    {
        var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Walk(JsonSerializer.SerializeToNode(agent, Json), "", keys);
        return keys;
    }

    private static void Walk(JsonNode? node, string key, Dictionary<string, string?> keys)
    {
        switch (node)
        {
            case null: return; // absent: the property keeps its default (null for every nullable option)
            case JsonObject o:
                foreach (var (name, child) in o) Walk(child, key.Length == 0 ? name : $"{key}:{name}", keys);
                return;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++) Walk(a[i], $"{key}:{i}", keys);
                return;
            default:
                var value = node.AsValue();
                keys[key] = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
                return;
        }
    }

    /// <summary>Enums by their .NET names (an options-level converter wins over the enums' own JSON-name converters).</summary>
    private sealed class EnumByName : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter?)Activator.CreateInstance(typeof(Writer<>).MakeGenericType(typeToConvert));

        private sealed class Writer<T> : JsonConverter<T> where T : struct, Enum
        {
            public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
        }
    }
}
