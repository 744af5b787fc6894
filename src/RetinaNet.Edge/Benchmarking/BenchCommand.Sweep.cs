using System.Text.Json;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Benchmarking;

internal static partial class BenchCommand
{
    /// <summary>Cameras 1, 2, 4, 8, 16 at 5 detect-fps each, paced files: the largest count that keeps real time
    /// (≥ 97 % of the frames wanted, nothing dropped, p99 stream → publish ≤ 250 ms), and cost per camera.</summary>
    private static async Task<int> SweepAsync(ToolModel model, string video, double seconds, string outDir, string machine)
    {
        var rows = new List<object>();
        int best = 0;
        Console.WriteLine("cameras  wanted/s  processed/s  dropped  p99 stream→publish  CPU %  RSS MiB  real time");
        foreach (int n in new[] { 1, 2, 4, 8, 16 })
        {
            var r = await PipelineAsync(model, video, n, seconds, paced: true, detectFps: 5).ConfigureAwait(false);
            double wanted = n * 5.0;
            bool ok = r.RealTime(wanted);
            if (ok && best == n / 2 || ok && n == 1) best = n;
            Console.WriteLine($"{n,7}  {wanted,8:F0}  {r.FramesPerSecond,11:F1}  {r.FramesDropped,7}  {r.StreamToPublishP99,16:F1} ms  {r.CpuPercent,5:F0}  {r.SteadyRssMiB,7:F0}  {(ok ? "yes" : "no")}");
            rows.Add(new { cameras = n, wanted, processed = r.FramesPerSecond, dropped = r.FramesDropped, p99CaptureToPublishMs = r.CaptureToPublish.P99, p99DecoderLagMs = r.DecoderLag.P99, cpuPercent = r.CpuPercent, steadyRssMiB = r.SteadyRssMiB, realTime = ok });
        }
        Console.WriteLine($"\nlargest camera count in real time (5 detect-fps, p99 ≤ 250 ms): {best}");
        var json = Path.Combine(outDir, "sweep.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { date = DateTimeOffset.UtcNow, machine, model = model.Path, seconds, rows, largestRealTime = best }, Hosting.JsonOutput.Indented)).ConfigureAwait(false);
        Console.WriteLine($"wrote {json}");
        return 0;
    }
}
