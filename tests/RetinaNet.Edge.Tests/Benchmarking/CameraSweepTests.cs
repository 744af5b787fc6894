using RetinaNet.Edge.Benchmarking;

namespace RetinaNet.Edge.Tests.Benchmarking;

public class CameraSweepTests
{
    /// <summary>A run of n cameras at 5 detect-fps: processing <paramref name="fps"/> frames/s with the given p99s.</summary>
    private static BenchCommand.PipelineRun Run(int n, double fps, double decoderLagMs = 10, double publishMs = 50, long dropped = 0)
    {
        var none = Percentiles.Of([]);
        return new BenchCommand.PipelineRun(n, 10, fps, 0, [], none, none, none, none, Percentiles.Of([publishMs]), 50, 100, 100, dropped)
        { DecoderLag = Percentiles.Of([decoderLagMs]) };
    }

    [Fact]
    public async Task RunAsync_StopsAtTheFirstCountOutOfRealTime_CarriesTheOneBefore()
    {
        var asked = new List<int>();
        var (rows, carried) = await CameraSweep.RunAsync([1, 2, 3, 4, 5], 5, n =>
        {
            asked.Add(n);
            // 3 cameras: the decoder's lag alone puts stream → publish past 250 ms; 4 would pass again (luck, not capacity).
            return Task.FromResult(Run(n, n * 5.0, decoderLagMs: n == 3 ? 210 : 10));
        });
        Assert.Equal([1, 2, 3], asked);
        Assert.Equal(2, carried);
        Assert.Equal([true, true, false], rows.Select(r => r.RealTime));
        Assert.Equal(260, rows[2].P99StreamToPublishMs, 6);
    }

    [Theory]
    [InlineData(9.7, 0, 50, true)]     // 97 % of 10 frames/s wanted
    [InlineData(9.6, 0, 50, false)]    // short of frames
    [InlineData(10, 1, 50, false)]     // one dropped
    [InlineData(10, 0, 240.1, false)]  // 10 ms decoder lag + 240.1 ms to publish
    public void RealTime_Rule_FramesDropsAndStreamToPublish(double fps, long dropped, double publishMs, bool expected) =>
        Assert.Equal(expected, Run(2, fps, publishMs: publishMs, dropped: dropped).RealTime(10));
}
