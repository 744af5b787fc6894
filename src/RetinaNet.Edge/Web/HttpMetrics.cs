using System.Diagnostics.Metrics;

namespace RetinaNet.Edge.Web;

/// <summary>The HTTP server's instruments on the <c>RetinaNet.Edge.Web</c> meter: requests by endpoint and status, open
/// live streams by kind.</summary>
internal sealed class HttpMetrics
{
    public const string MeterName = "RetinaNet.Edge.Web";
    private readonly Counter<long> _requests;
    private readonly UpDownCounter<long> _streams;

    public HttpMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("retinanet.http.requests", description: "HTTP requests by endpoint and status code");
        _streams = meter.CreateUpDownCounter<long>("retinanet.http.live_streams", description: "Open live streams: server-sent events, MJPEG views and browser live views (mse)");
    }

    public void Request(string endpoint, int status) =>
        _requests.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("status", status));

    /// <summary>Counts an open stream until the returned handle is disposed.</summary>
    public IDisposable Stream(string kind)
    {
        var tag = new KeyValuePair<string, object?>("kind", kind);
        _streams.Add(1, tag);
        return new Closed(() => _streams.Add(-1, tag));
    }

    private sealed class Closed(Action close) : IDisposable
    {
        public void Dispose() => close();
    }
}
