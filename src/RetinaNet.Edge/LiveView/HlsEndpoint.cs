using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace RetinaNet.Edge.LiveView;

/// <summary><c>/cameras/NAME/hls/index.m3u8</c> and its segments: the annotated stream for players that are not
/// browsers, made while fetched (<see cref="HlsSessions"/>). The first playlist request waits up to 15 s for the first
/// segment; a camera without remuxed video or a missing encoder answers 503 with the reason. Same authentication as
/// the rest of the server; with <c>?token=</c> the playlist's segment URIs carry the token (VLC, Home Assistant).</summary>
internal static partial class HlsEndpoint
{
    public static async Task<IResult> Handle(string name, string file, HlsSessions sessions, Cameras.CameraCatalog catalog, HttpContext ctx)
    {
        var ct = ctx.RequestAborted;
        if (catalog.Find(name) is null) return Results.NotFound();
        if (!FileName().IsMatch(file)) return Results.NotFound();
        var session = sessions.Touch(name);
        var path = Path.Combine(session.Folder, file);
        bool playlist = file == "index.m3u8";
        for (int i = 0; i < 150 && !File.Exists(path) && session.Problem is null && playlist; i++) await Task.Delay(100, ct).ConfigureAwait(false);
        if (session.Problem is { } problem)
        {
            sessions.End(name);
            return Results.Text(problem, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        if (!File.Exists(path)) return playlist ? Results.Text("the annotated stream is starting", statusCode: StatusCodes.Status503ServiceUnavailable) : Results.NotFound();
        byte[] bytes;
        try { bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false); }
        catch (IOException) { return Results.NotFound(); } // a segment deleted as the window moved on
        if (!playlist) return Results.Bytes(bytes, "video/mp2t");
        // A player given ?token= asks for the segments with the playlist's relative URIs: they carry the token too.
        string text = System.Text.Encoding.UTF8.GetString(bytes);
        if (ctx.Request.Query.TryGetValue("token", out var token) && token.ToString() is { Length: > 0 } t)
            text = string.Join('\n', text.Split('\n').Select(l => l.Length > 0 && !l.StartsWith('#') ? $"{l}?token={Uri.EscapeDataString(t)}" : l));
        return Results.Text(text, "application/vnd.apple.mpegurl");
    }

    [GeneratedRegex(@"^(index\.m3u8|seg\d{5}\.ts)$")]
    private static partial Regex FileName();
}
