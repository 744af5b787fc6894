namespace RetinaNet.Edge.Benchmarking;

/// <summary>The soak's operators: every few seconds a viewer arrives — a browser live view (WebSocket fMP4 + boxes),
/// an MJPEG view or a dashboard's server-sent events — on one of the cameras, stays 5–25 s and leaves without saying
/// goodbye (the connection is dropped); every tenth arrival is an HLS player that plays 15 s and walks away,
/// leaving its session to time out. At most four at a time.</summary>
internal sealed class SoakViewers(int port, IReadOnlyList<string> cameras)
{
    private readonly Dictionary<string, int> _visits = new() { ["mse"] = 0, ["mjpeg"] = 0, ["sse"] = 0, ["hls"] = 0 };
    private long _bytes;

    public IReadOnlyDictionary<string, int> Visits { get { lock (_visits) return new Dictionary<string, int>(_visits); } }
    public long Bytes => Interlocked.Read(ref _bytes);

    public async Task RunAsync(CancellationToken stop)
    {
        var random = new Random(2026);
        var open = new List<Task>();
        try
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                open.RemoveAll(t => t.IsCompleted);
                if (open.Count < 4)
                {
                    var kind = i % 10 == 9 ? "hls" : new[] { "mse", "mjpeg", "sse" }[i % 3];
                    var stay = kind == "hls" ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(5 + random.Next(21));
                    open.Add(VisitAsync(kind, cameras[i % cameras.Count], stay, stop));
                }
                await Task.Delay(TimeSpan.FromSeconds(3 + random.Next(5)), stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) { }
        await Task.WhenAll(open).ConfigureAwait(false);
    }

    private async Task VisitAsync(string kind, string camera, TimeSpan stay, CancellationToken stop)
    {
        lock (_visits) _visits[kind]++;
        using var leave = CancellationTokenSource.CreateLinkedTokenSource(stop);
        leave.CancelAfter(stay);
        void Received(int n) => Interlocked.Add(ref _bytes, n);
        try
        {
            await (kind switch
            {
                "mse" => LiveViewBench.Mse(port, Received, leave.Token, camera),
                "mjpeg" => LiveViewBench.Mjpeg(port, Received, leave.Token, camera),
                "hls" => LiveViewBench.Hls(port, Received, leave.Token, camera),
                _ => Sse(leave.Token),
            }).ConfigureAwait(false);
        }
        // A camera that is restarting refuses a viewer for a moment: the next one comes anyway.
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or HttpRequestException or IOException or OperationCanceledException) { }
    }

    private async Task Sse(CancellationToken leave)
    {
        using var client = new HttpClient();
        try
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/api/events"), HttpCompletionOption.ResponseHeadersRead, leave).ConfigureAwait(false);
            using var body = await response.Content.ReadAsStreamAsync(leave).ConfigureAwait(false);
            var buffer = new byte[1 << 14];
            int n;
            while ((n = await body.ReadAsync(buffer, leave).ConfigureAwait(false)) > 0) Interlocked.Add(ref _bytes, n);
        }
        catch (OperationCanceledException) { }
    }
}
