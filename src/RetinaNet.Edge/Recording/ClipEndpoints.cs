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
        var listed = index.List(f.Camera, f.Label, f.From, f.To, f.Limit, f.Zone);
        var byCamera = listed.Select(c => c.Camera).Distinct().ToDictionary(c => c, c => SnapshotsByTrack(snapshots, c));
        var clips = listed.Select(c => new ClipListing(c, [.. c.TrackIds.SelectMany(t => byCamera[c.Camera].GetValueOrDefault(t) ?? [])
            .Order(StringComparer.Ordinal).Take(12).Select(n => $"/snapshots/{Uri.EscapeDataString(c.Camera)}/{n}")])).ToList();
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

    /// <summary>A camera's snapshots (<c>CAMERA/TRACK-TYPE-TICKS.jpg</c>, crops left out) by track id: the folder is
    /// read once per request and camera, not once per listed clip.</summary>
    private static Dictionary<int, List<string>> SnapshotsByTrack(string folder, string camera)
    {
        var dir = Path.Combine(folder, camera);
        var byTrack = new Dictionary<int, List<string>>();
        if (!Directory.Exists(dir)) return byTrack;
        foreach (var name in Directory.EnumerateFiles(dir, "*.jpg").Select(Path.GetFileName).OfType<string>())
        {
            int dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || name.EndsWith("-crop.jpg", StringComparison.Ordinal)
                || !int.TryParse(name.AsSpan(0, dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var track)) continue;
            if (!byTrack.TryGetValue(track, out var names)) byTrack[track] = names = [];
            names.Add(name);
        }
        return byTrack;
    }
}

/// <summary>A clip as the review page lists it: its record and its tracks' snapshots.</summary>
internal sealed record ClipListing(ClipInfo Clip, List<string> Snapshots);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<ClipListing>))]
internal sealed partial class ClipWebJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
