using System.CommandLine;
using System.Numerics;

namespace RetinaNet.Edge.Hosting;

/// <summary>Typed options as the commands declare them: each with its one default (shown in <c>--help</c>) and its
/// range, checked by the parser so that a bad value is a usage error (exit 2) before any work.</summary>
internal static class CliOptions
{
    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>] that defaults to <paramref name="fallback"/>.</summary>
    public static Option<T> Ranged<T>(string name, string description, T min, T max, T fallback) where T : struct, INumber<T>
    {
        var o = new Option<T>(name) { Description = $"{description}; {min}–{max}", DefaultValueFactory = _ => fallback };
        o.Validators.Add(r =>
        {
            if (Malformed<T>(r, name)) return;
            var v = r.GetValueOrDefault<T>();
            if (!T.IsFinite(v) || v < min || v > max) r.AddError($"{name}: {v} is out of range {min}–{max}");
        });
        return o;
    }

    /// <summary>A number in range with no default: absent means "not given" (the command or a configuration decides).</summary>
    public static Option<T?> Optional<T>(string name, string description, T min, T max) where T : struct, INumber<T>
    {
        var o = new Option<T?>(name) { Description = $"{description}; {min}–{max}" };
        o.Validators.Add(r =>
        {
            if (Malformed<T>(r, name)) return;
            if (r.GetValueOrDefault<T?>() is { } v && (!T.IsFinite(v) || v < min || v > max)) r.AddError($"{name}: {v} is out of range {min}–{max}");
        });
        return o;
    }

    /// <summary>A number that does not parse is a usage error naming the option (reading it would throw).</summary>
    private static bool Malformed<T>(System.CommandLine.Parsing.OptionResult r, string name) where T : struct, INumber<T>
    {
        if (r.Tokens.Count == 0 || T.TryParse(r.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture, out _)) return false;
        r.AddError($"{name}: \"{r.Tokens[0].Value}\" is not a {(typeof(T) == typeof(int) ? "whole number" : "number")}");
        return true;
    }

    public static Option<string?> Text(string name, string description, bool required = false) =>
        new(name) { Description = description, Required = required };

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

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
