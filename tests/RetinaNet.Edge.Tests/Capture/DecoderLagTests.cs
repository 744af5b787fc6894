using System.Diagnostics;
using RetinaNet.Edge.Capture;

namespace RetinaNet.Edge.Tests.Capture;

public class DecoderLagTests
{
    private static long At(double seconds) => (long)(seconds * Stopwatch.Frequency);

    [Fact]
    public void Of_FramesAtTheStreamsPace_Zero()
    {
        var lag = new DecoderLag();
        for (int i = 0; i < 10; i++) Assert.Equal(0, lag.Of(100 + i * 0.2, At(5000 + i * 0.2)), 1e-6);
    }

    [Fact]
    public void Of_FrameDeliveredLate_LateByItsDelay()
    {
        var lag = new DecoderLag();
        lag.Of(0.0, At(50));
        Assert.Equal(0.120, lag.Of(0.2, At(50.2 + 0.120)), 1e-6);
        Assert.Equal(0, lag.Of(0.4, At(50.4)), 1e-6); // caught up
    }

    [Fact]
    public void Of_FirstFrameLate_BaselineMovesToThePromptestFrame()
    {
        var lag = new DecoderLag();
        Assert.Equal(0, lag.Of(0.0, At(10.5)), 1e-6); // slow start: nothing to compare with yet
        Assert.Equal(0, lag.Of(0.2, At(10.2)), 1e-6); // 0.5 s more prompt: the new baseline
        Assert.Equal(0.3, lag.Of(0.4, At(10.7)), 1e-6);
    }

    [Fact]
    public void Of_NoTimestampOrReset_ZeroAndForgotten()
    {
        var lag = new DecoderLag();
        Assert.Equal(0, lag.Of(double.NaN, At(1)));
        lag.Of(0, At(1));
        lag.Reset();
        Assert.Equal(0, lag.Of(0, At(9)), 1e-6); // a new child: its stream clock starts anew
    }
}
