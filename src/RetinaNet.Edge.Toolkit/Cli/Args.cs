using System.Globalization;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary>Minimal "--name value" / "--flag" parser that rejects unknown options by name.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public Args(IEnumerable<string> args)
    {
        string? pending = null;
        foreach (var a in args)
        {
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null) _values[pending] = null;
                pending = a[2..];
            }
            else if (pending is not null) { _values[pending] = a; pending = null; }
            else throw new ArgumentException($"unexpected argument '{a}'");
        }
        if (pending is not null) _values[pending] = null;
    }

    public string? Text(string name) { _used.Add(name); return _values.TryGetValue(name, out var v) ? v ?? throw new ArgumentException($"--{name} needs a value") : null; }
    public string Required(string name) => Text(name) ?? throw new ArgumentException($"--{name} is required");
    public bool Flag(string name) { _used.Add(name); return _values.ContainsKey(name); }

    public int Int(string name, int fallback) => Text(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    public double Double(string name, double fallback) => Text(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public (int W, int H)? Size(string name)
    {
        var v = Text(name);
        if (v is null) return null;
        var p = v.Split('x');
        if (p.Length != 2 || !int.TryParse(p[0], out var w) || !int.TryParse(p[1], out var h) || w <= 0 || h <= 0)
            throw new ArgumentException($"--{name} must be WIDTHxHEIGHT, got '{v}'");
        return (w, h);
    }

    /// <summary>Throws if an option was given that the command never asked for.</summary>
    public void EnsureAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
    }
}
