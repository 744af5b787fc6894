using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RetinaNet.Edge.Cameras;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Web;

/// <summary>The camera API (same authentication as the rest of the server): list, get, create or replace, delete a
/// camera, and validate a camera document without writing it. Writes go to the camera's file in <c>camerasFolder</c>
/// atomically (a hidden temporary file, flushed, renamed over), then the folder is reloaded before the answer, so the
/// files stay the one source of truth and a restart gives the same state. A URL's password never leaves the agent: it
/// reads as <c>user:***@</c>, and a document sent back with that same redacted URL keeps the stored one. Refused (403) on a
/// read-only install: <c>http.readOnly</c>, or a cameras folder the agent cannot write.</summary>
internal sealed class CameraApi(CameraCatalog catalog, CameraFolderWatcher watcher, Cameras.ICameraStatusSource status, Microsoft.Extensions.Options.IOptions<HttpOptions> http)
{
    private const int MaxBody = 1 << 20;
    private readonly Lock _writes = new();

    public void Map(WebApplication app)
    {
        app.MapGet("/api/config/cameras", List);
        app.MapGet("/api/config/cameras/{name}", (string name) => Get(name));
        app.MapPut("/api/config/cameras/{name}", (string name, HttpContext ctx) => Put(name, ctx));
        app.MapDelete("/api/config/cameras/{name}", (string name) => Delete(name));
        app.MapPost("/api/config/cameras/{name}/validate", (string name, HttpContext ctx) => Validate(name, ctx));
    }

    private IResult List()
    {
        var all = new JsonArray();
        foreach (var c in catalog.Cameras) all.Add(Describe(c));
        foreach (var (name, problem) in catalog.Problems)
            if (catalog.Cameras.All(c => c.Name != name)) all.Add(new JsonObject { ["name"] = name, ["problem"] = problem });
        return Json(all, StatusCodes.Status200OK);
    }

    private IResult Get(string name)
    {
        var cam = catalog.Cameras.FirstOrDefault(c => c.Name == name);
        return cam is null ? Problem(StatusCodes.Status404NotFound, $"no camera named {Redaction.Show(name)}") : Json(Describe(cam), StatusCodes.Status200OK);
    }

    private JsonObject Describe(CameraOptions cam)
    {
        var doc = JsonSerializer.SerializeToNode(cam, ConfigLoader.Json)!.AsObject();
        doc["url"] = Redaction.Url(cam.Url);
        var o = new JsonObject
        {
            ["name"] = cam.Name,
            ["file"] = Path.GetRelativePath(catalog.Folder, cam.SourceFile),
            ["camera"] = doc,
            ["status"] = status.Snapshot().FirstOrDefault(s => s.Camera == cam.Name)?.State.ToString(),
        };
        if (catalog.Problems.TryGetValue(cam.Name, out var p)) o["problem"] = p;
        return o;
    }

    private async Task<IResult> Validate(string name, HttpContext ctx)
    {
        var (body, error) = await Body(name, ctx).ConfigureAwait(false);
        if (error is not null) return error;
        var (cam, problems) = catalog.Check(body!, FileFor(name));
        return cam is null ? Json(new JsonObject { ["valid"] = false, ["problems"] = Array(problems) }, StatusCodes.Status400BadRequest)
            : Json(new JsonObject { ["valid"] = true }, StatusCodes.Status200OK);
    }

    private async Task<IResult> Put(string name, HttpContext ctx)
    {
        if (ReadOnly() is { } refused) return refused;
        var (body, error) = await Body(name, ctx).ConfigureAwait(false);
        if (error is not null) return error;
        var file = FileFor(name);
        var (cam, problems) = catalog.Check(body!, file);
        if (cam is null) return Json(new JsonObject { ["valid"] = false, ["problems"] = Array(problems) }, StatusCodes.Status400BadRequest);
        lock (_writes)
        {
            bool existed = File.Exists(file);
            WriteAtomically(file, body!);
            watcher.ReloadNow();
            if (catalog.Problems.TryGetValue(name, out var p)) return Problem(StatusCodes.Status409Conflict, p);
            return Json(Describe(catalog.Cameras.First(c => c.Name == name)), existed ? StatusCodes.Status200OK : StatusCodes.Status201Created);
        }
    }

    private IResult Delete(string name)
    {
        if (ReadOnly() is { } refused) return refused;
        var file = catalog.Cameras.FirstOrDefault(c => c.Name == name)?.SourceFile ?? Path.Combine(catalog.Folder, name + ".json");
        if (!File.Exists(file)) return Problem(StatusCodes.Status404NotFound, $"no camera named {Redaction.Show(name)}");
        lock (_writes)
        {
            File.Delete(file);
            watcher.ReloadNow();
            return Results.NoContent();
        }
    }

    /// <summary>The request's camera document (UTF-8 JSON, at most 1 MiB) with a redacted URL restored and its name
    /// matching the route; or why not.</summary>
    private async Task<(string? Body, IResult? Error)> Body(string name, HttpContext ctx)
    {
        if (ctx.Request.ContentLength > MaxBody) return (null, Problem(StatusCodes.Status413PayloadTooLarge, $"a camera document is at most {MaxBody} bytes"));
        var buffer = new byte[MaxBody + 1];
        int n = await ctx.Request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ctx.RequestAborted).ConfigureAwait(false);
        if (n > MaxBody) return (null, Problem(StatusCodes.Status413PayloadTooLarge, $"a camera document is at most {MaxBody} bytes"));
        var (text, notUtf8) = StrictUtf8.Decode(buffer.AsSpan(0, n));
        if (text is null) return (null, Problem(StatusCodes.Status400BadRequest, $"{FileFor(name)}: the body is {notUtf8}"));
        JsonObject? doc;
        try { doc = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject; }
        catch (JsonException e) { return (null, Json(new JsonObject { ["valid"] = false, ["problems"] = Array([$"{FileFor(name)}: {JsonProblem.Describe(e)}"]) }, StatusCodes.Status400BadRequest)); }
        if (doc is null) return (null, Problem(StatusCodes.Status400BadRequest, "the body must be a JSON object (a camera document)"));
        if (doc["name"]?.GetValueKind() != JsonValueKind.String || doc["name"]!.GetValue<string>() != name)
            return (null, Problem(StatusCodes.Status400BadRequest, $"the document's 'name' must be {Redaction.Show(name)}, the camera in the path"));
        if (doc["url"] is JsonValue u && u.GetValueKind() == JsonValueKind.String && catalog.Cameras.FirstOrDefault(c => c.Name == name) is { } stored
            && u.GetValue<string>() == Redaction.Url(stored.Url))
            doc["url"] = stored.Url;
        return (doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), null);
    }

    private string FileFor(string name) =>
        catalog.Cameras.FirstOrDefault(c => c.Name == name)?.SourceFile ?? Path.Combine(catalog.Folder, name + ".json");

    private IResult? ReadOnly()
    {
        if (http.Value.ReadOnly) return Problem(StatusCodes.Status403Forbidden, "read-only install (http.readOnly): cameras are changed in their files");
        if (RuntimeChecks.Unwritable(catalog.Folder) is { } why) return Problem(StatusCodes.Status403Forbidden, $"read-only install: {catalog.Folder} {why}");
        return null;
    }

    /// <summary>temp file beside the target (hidden: the watcher ignores it), flushed to disk, renamed over the target.</summary>
    private static void WriteAtomically(string file, string text)
    {
        var temp = Path.Combine(Path.GetDirectoryName(file)!, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var s = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                s.Write(Encoding.UTF8.GetBytes(text + "\n"));
                s.Flush(flushToDisk: true);
            }
            File.Move(temp, file, overwrite: true);
        }
        finally { if (File.Exists(temp)) File.Delete(temp); }
    }

    private static JsonArray Array(IEnumerable<string> items) => [.. items.Select(i => (JsonNode?)JsonValue.Create(i))];

    private static IResult Problem(int status, string detail) => Json(new JsonObject { ["error"] = detail }, status);

    private static IResult Json(JsonNode node, int status) => Results.Text(node.ToJsonString(), "application/json; charset=utf-8", Encoding.UTF8, status);
}
