using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry.Metrics;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Cameras;
using RetinaNet.Edge.LiveView;

namespace RetinaNet.Edge.Web;

/// <summary>Kestrel inside the agent: <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>, <c>/api/cameras</c>, and per
/// camera <c>/cameras/NAME/live</c> (WebSocket: the camera's video as fMP4 and its boxes, <see cref="LiveEndpoint"/>),
/// <c>/cameras/NAME/latest.jpg</c> and <c>/cameras/NAME/mjpeg</c> (multipart/x-mixed-replace). Bearer-token or
/// basic authentication on everything but the health probes; required when bound beyond loopback.</summary>
internal sealed class HttpServer(Microsoft.Extensions.Options.IOptions<HttpOptions> options, ICameraStatusSource cameras, Hosting.Readiness readiness, EventBroadcaster events, Snapshots.SnapshotFolder snapshots,
    FrameAnnotator annotator, Recording.IClipIndex clips, Recording.ClipFolder clipFolder, History.IObjectHistory history, LiveView.LiveVideoHub live, LiveView.HlsSessions hls, Cameras.CameraCatalog catalog, CameraApi cameraApi, HttpMetrics metrics, MeterProvider meterProvider, ILogger<HttpServer> logger) : IHostedService, IAsyncDisposable
{
    private static readonly byte[] SseData = "data: "u8.ToArray(), SseEnd = "\n\n"u8.ToArray();
    private readonly HttpOptions _o = options.Value;
    private WebApplication? _app;
    private readonly CancellationTokenSource _stopping = new();

    public int Port { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_o.Enabled) return;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            var ip = _o.Address == "localhost" ? IPAddress.Loopback : IPAddress.Parse(_o.Address);
            k.Listen(ip, _o.Port);
        });
        _app = builder.Build();
        _app.Use(async (ctx, next) =>
        {
            if (ctx.Request.Path.StartsWithSegments("/healthz") || ctx.Request.Path.StartsWithSegments("/readyz") || Authorized(ctx, _o)) { await next(ctx).ConfigureAwait(false); return; }
            ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
            ctx.Response.Headers.WWWAuthenticate = _o.Username is not null ? "Basic realm=\"retinanet-edge\"" : "Bearer";
        });
        _app.Use(async (ctx, next) =>
        {
            await next(ctx).ConfigureAwait(false);
            var endpoint = ctx.Request.Path == "/metrics" ? "/metrics" : (ctx.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "other";
            metrics.Request(endpoint, ctx.Response.StatusCode);
        });
        // The one Prometheus bridge: OpenTelemetry's exporter over every RetinaNet.Edge.* meter (Hosting/Telemetry).
        _app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider, ctx => ctx.Request.Path == "/metrics", path: null, configureBranchedPipeline: null, optionsName: null);
        _app.MapGet("/", () => Results.Content(Dashboard.Html, "text/html; charset=utf-8"));
        _app.MapGet("/review", () => Results.Content(Dashboard.ReviewHtml, "text/html; charset=utf-8"));
        _app.MapGet("/api/clips", (HttpContext ctx) => Recording.ClipEndpoints.List(ctx, clips, snapshots.Path));
        _app.MapGet("/api/clips/{id}", (string id, HttpContext ctx) => Recording.ClipEndpoints.One(ctx, clips, id));
        _app.MapGet("/api/clips/{id}/video", (string id, HttpContext ctx) => Recording.ClipEndpoints.Video(ctx, clips, clipFolder, id));
        _app.MapGet("/api/clips/{id}/boxes", (string id, HttpContext ctx) => Recording.ClipEndpoints.Boxes(ctx, clips, clipFolder, id));
        _app.MapGet("/api/history", (HttpContext ctx) => History.HistoryEndpoints.List(ctx, history));
        _app.MapGet("/api/events", async (HttpContext ctx) =>
        {
            ctx.Response.ContentType = "text/event-stream";
            ctx.Response.Headers.CacheControl = "no-cache";
            var reader = events.Subscribe(out var unsubscribe);
            using var open = metrics.Stream("sse");
            // Ends when the client leaves or the agent stops: a stream open in a dashboard never holds up shutdown.
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, _stopping.Token);
            var ct = ended.Token;
            try
            {
                await ctx.Response.WriteAsync(": connected\n\n", ct).ConfigureAwait(false);
                await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                await foreach (var json in reader.ReadAllAsync(ct).ConfigureAwait(false))
                {
                    await ctx.Response.Body.WriteAsync(SseData, ct).ConfigureAwait(false);
                    await ctx.Response.Body.WriteAsync(json, ct).ConfigureAwait(false);
                    await ctx.Response.Body.WriteAsync(SseEnd, ct).ConfigureAwait(false);
                    await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) { }
            finally { unsubscribe(); }
        });
        _app.MapGet("/snapshots/{camera}/{file}", (string camera, string file) =>
        {
            if (camera.Contains("..", StringComparison.Ordinal) || file.Contains("..", StringComparison.Ordinal) || camera.Contains('/') || file.Contains('/') || !file.EndsWith(".jpg", StringComparison.Ordinal))
                return Results.BadRequest();
            var path = Path.Combine(snapshots.Path, camera, file);
            return File.Exists(path) ? Results.File(path, "image/jpeg") : Results.NotFound();
        });
        _app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        _app.Map("/cameras/{name}/live", (string name, HttpContext ctx) => LiveEndpoint.Handle(ctx, name, live, catalog, () => metrics.Stream("mse"), _stopping.Token));
        _app.MapGet("/cameras/{name}/hls/{file}", (string name, string file, HttpContext ctx) => HlsEndpoint.Handle(name, file, hls, catalog, ctx));
        cameraApi.Map(_app);
        _app.MapGet("/healthz", () => Results.Text("ok"));
        _app.MapGet("/readyz", () =>
        {
            var problems = readiness.Problems();
            return problems.Count == 0 ? Results.Text("ready") : Results.Text(string.Join("\n", problems), statusCode: 503);
        });
        _app.MapGet("/api/cameras", () => Results.Json(cameras.Snapshot(), StatusJsonContext.Default.IReadOnlyListCameraSnapshot));
        _app.MapGet("/cameras/{name}/latest.jpg", (string name, HttpContext ctx) => Known(name) ? MjpegEndpoint.Latest(annotator, name, ctx, _stopping.Token) : Task.FromResult(Results.NotFound()));
        _app.MapGet("/cameras/{name}/mjpeg", (string name, HttpContext ctx) => Known(name) ? MjpegEndpoint.Stream(annotator, name, ctx, () => metrics.Stream("mjpeg"), _stopping.Token) : NotFound(ctx));
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _app.Urls.FirstOrDefault() ?? $"http://{_o.Address}:{_o.Port}";
        Port = new Uri(address).Port;
        Log.Listening(logger, address, _o.AuthConfigured ? "required" : "off");
    }

    private bool Known(string camera) => catalog.Find(camera) is not null;

    private static Task NotFound(HttpContext ctx)
    {
        ctx.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static bool Authorized(HttpContext ctx, HttpOptions o)
    {
        if (!o.AuthConfigured) return true;
        string header = ctx.Request.Headers.Authorization.ToString();
        if (o.ResolvedToken is { Length: > 0 } token && header == "Bearer " + token) return true;
        if (ctx.Request.Query.TryGetValue("token", out var q) && o.ResolvedToken is { Length: > 0 } t2 && q == t2) return true; // <img src> cannot send headers
        if (o.Username is not null && header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..]));
                return decoded == $"{o.Username}:{o.ResolvedPassword}";
            }
            catch (FormatException) { return false; }
        }
        return false;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false); // end the live streams first, then Kestrel stops at once
        if (_app is not null) await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
