namespace RetinaNet.Edge.Benchmarking;

/// <summary>One sweep of camera counts, shared by <c>bench --sweep</c> and <c>bench capture --sweep</c>: each count is
/// run, printed as a row and kept, until one no longer keeps real time (<see cref="BenchCommand.PipelineRun.RealTime"/>:
/// ≥ 97 % of the frames wanted processed, none dropped, p99 stream → publish ≤ 250 ms). The largest count before it is
/// the figure: a count carried only after a failed one is luck, not capacity.</summary>
internal static class CameraSweep
{
    internal sealed record Row(int Cameras, double Wanted, double Processed, long Dropped, double P99DecoderLagMs, double P99CaptureToPublishMs,
        double P99StreamToPublishMs, double Cores, double SteadyRssMiB, bool RealTime);

    public static async Task<(List<Row> Rows, int Carried)> RunAsync(IEnumerable<int> counts, double detectFps, Func<int, Task<BenchCommand.PipelineRun>> run)
    {
        Console.WriteLine("cameras  wanted/s  processed/s  dropped  p99 decoder lag  p99 capture→publish  p99 stream→publish  cores  RSS MiB  real time");
        var rows = new List<Row>();
        int carried = 0;
        foreach (int n in counts)
        {
            var r = await run(n).ConfigureAwait(false);
            double wanted = n * detectFps;
            var row = new Row(n, wanted, r.FramesPerSecond, r.FramesDropped, r.DecoderLag.P99, r.CaptureToPublish.P99, r.StreamToPublishP99,
                r.CpuPercent / 100 * Environment.ProcessorCount, r.SteadyRssMiB, r.RealTime(wanted));
            rows.Add(row);
            Console.WriteLine($"{n,7}  {wanted,8:F0}  {row.Processed,11:F1}  {row.Dropped,7}  {row.P99DecoderLagMs,12:F1} ms  {row.P99CaptureToPublishMs,16:F1} ms  " +
                $"{row.P99StreamToPublishMs,15:F1} ms  {row.Cores,5:F2}  {row.SteadyRssMiB,7:F0}  {(row.RealTime ? "yes" : "no")}");
            if (!row.RealTime) break;
            carried = n;
        }
        Console.WriteLine($"cameras carried in real time ({detectFps:0.##} detect-fps each, p99 stream → publish ≤ 250 ms): {carried}");
        return (rows, carried);
    }
}
