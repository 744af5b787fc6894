using System.CommandLine;
using System.Numerics;

namespace RetinaNet.Edge.Hosting;

/// <summary>Typed options as the commands declare them: each with its one default (shown in <c>--help</c>) and its
/// range, checked by the parser so that a bad value is a usage error (exit 2) before any work. Shared by the agent's
/// and the toolkit's command lines (the toolkit compiles this file too; the enum options are the agent's).</summary>
internal static partial class CliOptions
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

    /// <summary>A size given as <c>WIDTHxHEIGHT</c>, each 16–8192; absent: null (the command's default applies).</summary>
    public static Option<(int Width, int Height)?> Size(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "WxH",
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            var p = text.Split('x');
            if (p.Length == 2 && int.TryParse(p[0], System.Globalization.CultureInfo.InvariantCulture, out int w) && int.TryParse(p[1], System.Globalization.CultureInfo.InvariantCulture, out int h)
                && w is >= 16 and <= 8192 && h is >= 16 and <= 8192) return (w, h);
            r.AddError($"{name}: \"{text}\" must be WIDTHxHEIGHT, each 16–8192");
            return null;
        },
    };

    /// <summary>A comma-separated list of names (empty entries dropped); absent: <paramref name="fallback"/>.</summary>
    public static Option<string[]> Names(string name, string description, string[] fallback) => new(name)
    {
        Description = $"{description} (default {string.Join(",", fallback)})",
        HelpName = "a,b,...",
        DefaultValueFactory = _ => fallback,
        CustomParser = r =>
        {
            var names = (r.Tokens.Count > 0 ? r.Tokens[0].Value : "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 0) r.AddError($"{name}: no name given");
            return names;
        },
    };

    /// <summary>A command's rule that exactly one of several alternative options is given.</summary>
    public static void ExactlyOne(System.CommandLine.Parsing.CommandResult r, string message, params string?[] given)
    {
        if (given.Count(v => v is not null) != 1) r.AddError(message);
    }
}
