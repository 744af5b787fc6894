using Microsoft.AspNetCore.Http;

namespace RetinaNet.Edge.Recording;

/// <summary>The review page's data: <c>/api/clips</c> (complete clips, newest first, by camera, label, zone and time,
/// each with its tracks' snapshots), <c>/api/clips/ID</c>, <c>/api/clips/ID/video</c> (the file, with HTTP range
/// requests; <c>?download=1</c> as an attachment) and <c>/api/clips/ID/boxes</c> (the boxes per presentation time).
/// Same authentication as the rest of the server; like the live view, a request another site's page makes (a
/// cross-site <c>Sec-Fetch-Site</c> or a foreign <c>Origin</c>) is refused (403), so a page elsewhere cannot play or
/// read a viewer's clips with the viewer's credentials.</summary>
internal static class ClipEndpoints
{
    public static IResult List(HttpContext ctx, IClipIndex index, string snapshots)
    {
        if (!Web.CrossSite.SameSite(ctx)) return Web.CrossSite.Refused;
        var f = Web.ReviewFilter.Of(ctx.Request.Query);
        var clips = index.List(f.Camera, f.Label, f.From, f.To, f.Limit, f.Zone)
            .Select(c => new ClipListing(c, Snapshots(snapshots, c))).ToList();
        return Results.Json(clips, ClipWebJsonContext.Default.ListClipListing);
    }

    public static IResult One(HttpContext ctx, IClipIndex index, string id) =>
        !Web.CrossSite.SameSite(ctx) ? Web.CrossSite.Refused
        : Find(index, id) is { } c ? Results.Json(c, ClipJsonContext.Default.ClipInfo) : Results.NotFound();

    public static IResult Video(HttpContext ctx, IClipIndex index, ClipFolder folder, string id)
    {
        if (!Web.CrossSite.SameSite(ctx)) return Web.CrossSite.Refused;
        if (Find(index, id) is not { } c || !File.Exists(folder.Of(c))) return Results.NotFound();
        bool download = ctx.Request.Query["download"] == "1";
        return Results.File(folder.Of(c), "video/mp4", download ? $"{c.Camera}-{c.File}" : null, enableRangeProcessing: true);
    }

    public static IResult Boxes(HttpContext ctx, IClipIndex index, ClipFolder folder, string id)
    {
        if (!Web.CrossSite.SameSite(ctx)) return Web.CrossSite.Refused;
        if (Find(index, id) is not { } c) return Results.NotFound();
        var path = folder.Sidecar(c);
        return File.Exists(path) ? Results.File(path, "application/x-ndjson") : Results.Text("", "application/x-ndjson");
    }

    private static ClipInfo? Find(IClipIndex index, string id) => Guid.TryParse(id, out var g) ? index.Find(g) : null;

    /// <summary>The snapshots taken of the clip's tracks (<c>CAMERA/TRACK-TYPE-TICKS.jpg</c>), as URL paths.</summary>
    private static List<string> Snapshots(string folder, ClipInfo clip)
    {
        var dir = Path.Combine(folder, clip.Camera);
        if (!Directory.Exists(dir) || clip.TrackIds.Count == 0) return [];
        var prefixes = clip.TrackIds.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-").ToArray();
        return [.. Directory.EnumerateFiles(dir, "*.jpg").Select(Path.GetFileName).OfType<string>()
            .Where(f => !f.EndsWith("-crop.jpg", StringComparison.Ordinal) && prefixes.Any(p => f.StartsWith(p, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal).Take(12).Select(f => $"/snapshots/{Uri.EscapeDataString(clip.Camera)}/{f}")];
    }
}

/// <summary>A clip as the review page lists it: its record and its tracks' snapshots.</summary>
internal sealed record ClipListing(ClipInfo Clip, List<string> Snapshots);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<ClipListing>))]
internal sealed partial class ClipWebJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
