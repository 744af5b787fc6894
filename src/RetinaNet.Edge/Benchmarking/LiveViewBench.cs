using System.Diagnostics;
using System.Net.WebSockets;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Benchmarking;

/// <summary>What watching a camera costs the box (<c>bench capture --live</c>): the whole agent (process tree) with one
/// camera, nobody watching, then with 1 and 10 browser live views (WebSocket clients reading the fMP4 and the boxes,
/// as the page does), with 1 MJPEG view and with 1 player of the annotated HLS stream, each over the same window after a few seconds to settle.</summary>
internal static class LiveViewBench
{
    public static async Task<object> RunAsync(ToolModel model, string clip, Capture.DecoderPreset decoder, double detectFps, double warmup, double window, string outDir)
    {
        using var agent = BenchAgent.Start(model, clip, decoder, detectFps, outDir);
        agent.WaitServing();
        await Task.Delay(TimeSpan.FromSeconds(warmup)).ConfigureAwait(false);
        Console.WriteLine($"\nlive view on {Path.GetFileName(clip)} ({window:F0} s each, twice, interleaved; cores of the agent's process tree — the HLS stream's decoder and encoder included — and of its own process; the camera's decoder child does not change with viewers):\nviewers                tree cores   tree over nobody   process cores   process over nobody   MB/s to viewers");
        var cases = new[] { ("nobody", 0, 0, 0), ("1 browser (MSE)", 1, 0, 0), ("10 browsers (MSE)", 10, 0, 0), ("1 MJPEG", 0, 1, 0), ("1 HLS player", 0, 0, 1) };
        var sums = new (double Tree, double Own, double Mbps)[cases.Length];
        // The HLS player last, twice in a row: its session lives on 30 s after the last request and would be counted in
        // the windows after it.
        var order = new[] { 0, 1, 2, 3, 0, 1, 2, 3, 4, 4 };
        foreach (int i in order)
        {
            var (_, mse, mjpeg, hls) = cases[i];
            using var stop = new CancellationTokenSource();
            long bytes = 0;
            var clients = Enumerable.Range(0, mse).Select(_ => Mse(agent.HttpPort, n => Interlocked.Add(ref bytes, n), stop.Token))
                .Concat(Enumerable.Range(0, mjpeg).Select(_ => Mjpeg(agent.HttpPort, n => Interlocked.Add(ref bytes, n), stop.Token)))
                .Concat(Enumerable.Range(0, hls).Select(_ => Hls(agent.HttpPort, n => Interlocked.Add(ref bytes, n), stop.Token))).ToList();
            await Task.Delay(TimeSpan.FromSeconds(hls > 0 ? 8 : 3)).ConfigureAwait(false);
            agent.ThrowIfExited();
            var (tree0, own0) = (ProcessTreeCpu.Of(agent.Process.Id), ProcessTreeCpu.OwnOf(agent.Process.Id));
            long b0 = Interlocked.Read(ref bytes);
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(window)).ConfigureAwait(false);
            double seconds = clock.Elapsed.TotalSeconds;
            sums[i].Tree += (ProcessTreeCpu.Of(agent.Process.Id) - tree0).TotalSeconds / seconds / 2;
            sums[i].Own += (ProcessTreeCpu.OwnOf(agent.Process.Id) - own0).TotalSeconds / seconds / 2;
            sums[i].Mbps += (Interlocked.Read(ref bytes) - b0) / seconds / 1e6 / 2;
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(clients).ConfigureAwait(false);
        }
        var rows = new List<object>();
        for (int i = 0; i < cases.Length; i++)
        {
            var (tree, own, mbps) = sums[i];
            Console.WriteLine($"{cases[i].Item1,-22} {tree,10:F3}   {tree - sums[0].Tree,+16:F3}   {own,13:F3}   {own - sums[0].Own,+19:F3}   {mbps,15:F2}");
            rows.Add(new { viewers = cases[i].Item1, treeCores = tree, treeOverNobody = tree - sums[0].Tree, processCores = own, processOverNobody = own - sums[0].Own, megabytesPerSecond = mbps });
        }
        return rows;
    }

    internal static async Task Mse(int port, Action<int> received, CancellationToken stop, string camera = "cam")
    {
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/cameras/{camera}/live"), stop).ConfigureAwait(false);
        var buffer = new byte[1 << 20];
        try { while (!stop.IsCancellationRequested) received((await ws.ReceiveAsync(buffer.AsMemory(), stop).ConfigureAwait(false)).Count); }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
    }

    /// <summary>A player of the annotated HLS stream: the playlist every half second, each new segment once.</summary>
    internal static async Task Hls(int port, Action<int> received, CancellationToken stop, string camera = "cam")
    {
        using var client = new System.Net.Http.HttpClient();
        var seen = new HashSet<string>();
        var root = $"http://127.0.0.1:{port}/cameras/{camera}/hls/";
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var list = await client.GetStringAsync(new Uri(root + "index.m3u8"), stop).ConfigureAwait(false);
                foreach (var line in list.Split('\n').Where(l => l.EndsWith(".ts", StringComparison.Ordinal)))
                    if (seen.Add(line)) received((await client.GetByteArrayAsync(new Uri(root + line), stop).ConfigureAwait(false)).Length);
                await Task.Delay(500, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) { }
        catch (System.Net.Http.HttpRequestException) { }
    }

    internal static async Task Mjpeg(int port, Action<int> received, CancellationToken stop, string camera = "cam")
    {
        using var client = new System.Net.Http.HttpClient();
        try
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/cameras/{camera}/mjpeg"), System.Net.Http.HttpCompletionOption.ResponseHeadersRead, stop).ConfigureAwait(false);
            using var body = await response.Content.ReadAsStreamAsync(stop).ConfigureAwait(false);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = await body.ReadAsync(buffer, stop).ConfigureAwait(false)) > 0) received(n);
        }
        catch (OperationCanceledException) { }
        catch (IOException) { }
    }
}
