using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.LiveView;

/// <summary><c>/cameras/NAME/live</c>: a WebSocket carrying the camera's own video as fragmented MP4 (binary
/// messages, for Media Source Extensions) and, beside it, text messages: a hello (codec, size, or why there is no
/// video), the scene (zones and lines; sent again when they are edited) and every processed frame's boxes stamped with its presentation timestamp.
/// Same authentication as the rest of the server (the page passes <c>?token=</c>: a browser's WebSocket cannot send
/// headers); a cross-origin page is refused (403), so another site cannot open a viewer's camera with the
/// viewer's credentials.</summary>
internal static class LiveEndpoint
{
    public static async Task Handle(HttpContext ctx, string name, LiveVideoHub hub, Cameras.CameraCatalog catalog, Func<IDisposable> countStream, CancellationToken stopping)
    {
        var camera = catalog.Find(name);
        if (camera is null) { ctx.Response.StatusCode = StatusCodes.Status404NotFound; return; }
        if (!ctx.WebSockets.IsWebSocketRequest) { ctx.Response.StatusCode = StatusCodes.Status400BadRequest; await ctx.Response.WriteAsync("WebSocket only", stopping).ConfigureAwait(false); return; }
        if (!Web.CrossSite.SameOrigin(ctx)) { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return; }
        using var socket = await ctx.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var open = countStream();
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        var viewer = hub.Subscribe(name);
        // Zones and lines edited while the page watches reach it as a new scene.
        void SceneChanged(Cameras.CatalogChange change)
        {
            foreach (var (_, cam) in change.Changed)
                if (cam.Name == name && !CameraDiff.SameZones(camera, cam)) { camera = cam; viewer.Queue.Writer.TryWrite(new LiveMessage(null, Scene(cam))); }
        }
        catalog.Changed += SceneChanged;
        // The page sends nothing; reading notices its close (and answers pings).
        var closed = Task.Run(async () =>
        {
            var buffer = new byte[256];
            try { while (!ended.IsCancellationRequested && (await socket.ReceiveAsync(buffer, ended.Token).ConfigureAwait(false)).MessageType != WebSocketMessageType.Close) { } }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
            finally { viewer.Queue.Writer.TryComplete(); }
        }, CancellationToken.None);
        try
        {
            await SendText(socket, Scene(camera), ended.Token).ConfigureAwait(false);
            await foreach (var m in viewer.Queue.Reader.ReadAllAsync(ended.Token).ConfigureAwait(false))
            {
                if (m.Video is { } video) await socket.SendAsync(video, WebSocketMessageType.Binary, true, ended.Token).ConfigureAwait(false);
                else if (m.Text is { } text) await SendText(socket, text, ended.Token).ConfigureAwait(false);
            }
            if (socket.State == WebSocketState.Open)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, stopping.IsCancellationRequested ? "agent stopping" : "", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException) { }
        finally
        {
            catalog.Changed -= SceneChanged;
            hub.Unsubscribe(name, viewer);
            await ended.CancelAsync().ConfigureAwait(false);
            await closed.ConfigureAwait(false);
        }
    }

    private static string Scene(CameraOptions camera) => System.Text.Json.JsonSerializer.Serialize(new LiveScene("scene",
        [.. camera.Zones.Select(z => new LiveZone(z.Name, z.Points))], [.. camera.Lines.Select(l => new LiveLine(l.Name, l.From, l.To))]), LiveJsonContext.Default.LiveScene);

    private static Task SendText(WebSocket socket, string text, CancellationToken ct) =>
        socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct);
}
