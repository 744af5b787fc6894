using System.Text.Json;

namespace RetinaNet.Edge.Configuration;

/// <summary>System.Text.Json's exception as one line: the key (as a path like <c>zones[0].labels</c>), what is wrong
/// in words, and the line.</summary>
internal static class JsonProblem
{
    public static string Describe(JsonException e)
    {
        var key = e.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : "";
        var m = e.Message;
        string reason =
            m.Contains("could not be mapped", StringComparison.Ordinal) ? "unknown key" :
            m.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) ? "duplicate key" :
            m.Contains("null", StringComparison.OrdinalIgnoreCase) && (m.Contains("non-nullable", StringComparison.OrdinalIgnoreCase) || m.Contains("cannot be null", StringComparison.OrdinalIgnoreCase) || m.Contains("null value", StringComparison.OrdinalIgnoreCase))
                ? "null is not allowed here; give a value or leave the key out" :
            m.Contains("could not be converted", StringComparison.Ordinal) ? Converted(m) :
            m.Contains("maximum configured depth", StringComparison.Ordinal) ? "nested too deeply" :
            FirstSentence(m);
        if (key.Length == 0 && reason == "unknown key") key = "(root)";
        if (reason == "unknown key" && Moved.TryGetValue(key, out var now)) reason = $"unknown key; it moved to '{now}'";
        return $"'{(key.Length == 0 ? "(document)" : key)}': {reason} (line {e.LineNumber + 1})";
    }

    /// <summary>Keys an earlier release read, and where they are now.</summary>
    private static readonly Dictionary<string, string> Moved = new(StringComparer.Ordinal)
    {
        ["http.mjpegFps"] = "liveView.mjpegFps", ["http.jpegQuality"] = "liveView.jpegQuality", ["http.hlsEncoder"] = "liveView.hlsEncoder",
    };

    private static string Converted(string message)
    {
        var expected = Expected(message);
        return (expected.StartsWith(" (expected one of", StringComparison.Ordinal) ? "not an allowed value" : "wrong type of value") + expected;
    }

    private static string Expected(string message)
    {
        // "… could not be converted to type 'X'" (values) or "… could not be converted to X. Path: …" (enums).
        int i = message.IndexOf("to type '", StringComparison.Ordinal);
        int j = message.IndexOf("converted to ", StringComparison.Ordinal);
        string type = i >= 0 ? message[(i + 9)..].Split('\'')[0]
            : j >= 0 ? message[(j + 13)..].Split(". ")[0].TrimEnd('.')
            : "";
        if (type.Length == 0) return "";
        var simple = type.Split('.').Last().Replace("]", "", StringComparison.Ordinal);
        if (Enums.FirstOrDefault(t => type.Contains(t.FullName!, StringComparison.Ordinal)) is { } e)
            return $" (expected one of: {string.Join(", ", Names(e))})";
        return simple switch
        {
            "Int32" or "Int64" or "Double" or "Single" => " (expected a number)",
            "Boolean" => " (expected true or false)",
            "String" => " (expected a string)",
            _ when type.Contains("List", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => " (expected a list)",
            _ => " (expected an object)",
        };
    }

    /// <summary>The enums configuration files hold, written as their JSON names.</summary>
    private static readonly Type[] Enums =
        [typeof(Inference.ExecutionProvider), typeof(Vision.Imaging.ResizeMode), typeof(Vision.Decoding.OutputLayout), typeof(Capture.DecoderPreset), typeof(LiveView.HlsEncoder),
         typeof(Publishing.MqttProtocol), typeof(Publishing.Outbox.OutboxFsync)];

    private static string[] Names(Type e) => Common.JsonNames.Of(e);

    private static string FirstSentence(string message)
    {
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message;
    }
}
