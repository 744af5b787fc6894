using System.CommandLine;

namespace RetinaNet.Edge.Hosting;

/// <summary>Enum-valued options, by the enums' JSON names (the names configuration files use).</summary>
internal static partial class CliOptions
{
    /// <summary>A comma-separated list of enum names (e.g. <c>--providers cuda,cpu</c>), case-insensitive.</summary>
    public static Option<T[]?> List<T>(string name, string description) where T : struct, Enum
    {
        var names = string.Join(", ", Common.JsonNames.Of<T>());
        return new Option<T[]?>(name)
        {
            Description = $"{description} ({names})",
            HelpName = "list",
            CustomParser = r =>
            {
                var items = r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
                var values = new List<T>();
                foreach (var item in items)
                {
                    int i = Array.FindIndex(Common.JsonNames.Of<T>(), n => string.Equals(n, item, StringComparison.OrdinalIgnoreCase));
                    if (i < 0) { r.AddError($"{name}: \"{item}\" must be one of {names}"); return null; }
                    values.Add(Enum.GetValues<T>()[i]);
                }
                if (values.Count == 0) r.AddError($"{name}: give at least one of {names}");
                return [.. values];
            },
        };
    }

    /// <summary>One enum value by its JSON name (case-insensitive), e.g. <c>--resize stretch</c>.</summary>
    public static Option<T?> Choice<T>(string name, string description) where T : struct, Enum
    {
        var names = Common.JsonNames.Of<T>();
        return new Option<T?>(name)
        {
            Description = description,
            HelpName = string.Join('|', names),
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                int i = Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
                if (i >= 0) return Enum.GetValues<T>()[i];
                r.AddError($"{name}: \"{text}\" must be one of {string.Join(", ", names)}");
                return null;
            },
        };
    }
}
