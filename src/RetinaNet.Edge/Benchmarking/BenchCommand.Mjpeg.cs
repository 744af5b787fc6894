using System.Diagnostics;
using System.Text.Json;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Benchmarking;

internal static partial class BenchCommand
{
    /// <summary>One paced camera at 15 detect-fps for S seconds unwatched, then S seconds with an HTTP client reading its
    /// MJPEG view (5 fps, quality 80): the difference in process CPU is the cost of the live view.</summary>
    private static async Task<int> MjpegCostAsync(ToolModel model, string video, double seconds, string outDir, string machine)
    {
        var cam = new CameraOptions { Name = "cam1", Url = video, Loop = true, RealTime = true, DetectFps = 15 };
        var config = ToolHost.ToolConfig(model, [cam], "bench", httpPort: ToolHost.FreePort());
        using var host = ToolHost.BuildAgent(config);
        await host.StartAsync().ConfigureAwait(false);
        await Task.Delay(3000).ConfigureAwait(false);
        double Cpu()
        {
            var c0 = ProcessTreeCpu.Of();
            var clock = Stopwatch.StartNew();
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
            return (ProcessTreeCpu.Of() - c0).TotalSeconds / clock.Elapsed.TotalSeconds * 100;
        }
        double idle = Cpu();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{config.Agent.Http.Port}") };
        using var cts = new CancellationTokenSource();
        long bytes = 0;
        var reader = Task.Run(async () =>
        {
            using var response = await http.GetAsync("/cameras/cam1/mjpeg", HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            await using var s = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
            var buffer = new byte[65536];
            try { int n; while ((n = await s.ReadAsync(buffer, cts.Token).ConfigureAwait(false)) > 0) Interlocked.Add(ref bytes, n); }
            catch (OperationCanceledException) { }
        });
        await Task.Delay(1000).ConfigureAwait(false);
        long before = Interlocked.Read(ref bytes);
        double watched = Cpu();
        double kbps = (Interlocked.Read(ref bytes) - before) / seconds / 1024;
        await cts.CancelAsync().ConfigureAwait(false);
        try { await reader.ConfigureAwait(false); } catch (OperationCanceledException) { }
        await host.StopAsync().ConfigureAwait(false);
        Console.WriteLine($"one camera, 15 detect-fps, paced: CPU {idle:F1} % of one core unwatched, {watched:F1} % with one MJPEG viewer " +
                          $"(5 fps, quality 80, {kbps:F0} KiB/s): the live view costs {watched - idle:F1} % of one core");
        var json = Path.Combine(outDir, "mjpeg.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { date = DateTimeOffset.UtcNow, machine, model = model.Path, seconds, cpuPercentOfOneCoreUnwatched = idle, cpuPercentOfOneCoreWatched = watched, costPercentOfOneCore = watched - idle, kibPerSecond = kbps }, Hosting.JsonOutput.Indented)).ConfigureAwait(false);
        Console.WriteLine($"wrote {json}");
        return 0;
    }
}
