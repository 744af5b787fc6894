using System.Text;
using Microsoft.AspNetCore.Http;

namespace RetinaNet.Edge.LiveView;

/// <summary><c>/cameras/NAME/latest.jpg</c> and <c>/cameras/NAME/mjpeg</c>: the annotated view <see cref="FrameAnnotator"/>
/// draws while somebody watches (the request is the watcher). latest.jpg waits up to 5 s for a first view (503 after).</summary>
internal static class MjpegEndpoint
{
    public static async Task<IResult> Latest(FrameAnnotator annotator, string name, HttpContext ctx, CancellationToken stopping)
    {
        using var watch = annotator.Watch(name);
        var live = annotator.For(name);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        try { for (int i = 0; i < 50 && Volatile.Read(ref live.Jpeg) is null; i++) await Task.Delay(100, ended.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { return Results.StatusCode(503); }
        return live.Jpeg is { } jpeg ? Results.Bytes(jpeg, "image/jpeg") : Results.StatusCode(503);
    }

    /// <summary>multipart/x-mixed-replace: each new view once, until the client leaves or the agent stops.</summary>
    public static async Task Stream(FrameAnnotator annotator, string name, HttpContext ctx, Func<IDisposable> countStream, CancellationToken stopping)
    {
        using var watch = annotator.Watch(name);
        var live = annotator.For(name);
        using var open = countStream();
        ctx.Response.ContentType = "multipart/x-mixed-replace; boundary=frame";
        ctx.Response.Headers.CacheControl = "no-cache";
        long sent = -1;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        var ct = ended.Token;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                long v = Interlocked.Read(ref live.Version);
                if (v == sent || live.Jpeg is null) { await Task.Delay(20, ct).ConfigureAwait(false); continue; }
                var jpeg = live.Jpeg;
                sent = v;
                var header = Encoding.ASCII.GetBytes($"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: {jpeg.Length}\r\n\r\n");
                await ctx.Response.Body.WriteAsync(header, ct).ConfigureAwait(false);
                await ctx.Response.Body.WriteAsync(jpeg, ct).ConfigureAwait(false);
                await ctx.Response.Body.WriteAsync("\r\n"u8.ToArray(), ct).ConfigureAwait(false);
                await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) { }
    }
}
