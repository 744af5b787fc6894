using System.Text.RegularExpressions;

namespace RetinaNet.Edge.Configuration;

/// <summary>How a configuration value appears in a message: passwords hidden (keys named like secrets, user-info in
/// URLs with or without a scheme), long values cut to 80 characters, control characters escaped.</summary>
internal static partial class Redaction
{
    public const int MaxShown = 80;

    public static string Show(object? value, bool secret = false)
    {
        if (value is null) return "null";
        if (secret) return "\"***\"";
        if (value is string s) return "\"" + Truncate(Url(s)) + "\"";
        if (value is System.Collections.IEnumerable e)
            return Truncate("[" + string.Join(", ", e.Cast<object?>().Select(v => v is string t ? "\"" + Url(t) + "\"" : v is float[] f ? $"[{string.Join(", ", f)}]" : v?.ToString() ?? "null")) + "]");
        return Truncate(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
    }

    public static string Truncate(string s)
    {
        var clean = ControlChars().Replace(s, m => $"\\u{(int)m.Value[0]:x4}");
        return clean.Length <= MaxShown ? clean : clean[..MaxShown] + $"…({clean.Length:N0} chars)";
    }

    /// <summary>Hides the password of <c>user:password@</c> at the start of an authority, with or without a scheme.</summary>
    public static string Url(string url) => UserInfo().Replace(url, m => m.Groups["pre"].Value + m.Groups["user"].Value + ":***@");

    [GeneratedRegex(@"(?<pre>^|://)(?<user>[^/@:\s]*):(?<pw>[^/@\s]*)@")]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"[\u0000-\u001f\u007f]")]
    private static partial Regex ControlChars();
}
