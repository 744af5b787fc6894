using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace RetinaNet.Edge.Web;

/// <summary>The review page's query (<c>camera</c>, <c>label</c>, <c>zone</c>, <c>from</c>, <c>to</c> as ISO 8601,
/// <c>limit</c> 1–1000, default 200), as the clip list and the event history read it.</summary>
internal sealed record ReviewFilter(string? Camera, string? Label, string? Zone, DateTimeOffset? From, DateTimeOffset? To, int Limit)
{
    public static ReviewFilter Of(IQueryCollection q) => new(Text(q["camera"]), Text(q["label"]), Text(q["zone"]), Time(q["from"]), Time(q["to"]),
        int.TryParse(q["limit"], CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 1000) : 200);

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static DateTimeOffset? Time(string? s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
