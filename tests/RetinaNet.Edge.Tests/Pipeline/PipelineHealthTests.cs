using Microsoft.Extensions.Time.Testing;
using RetinaNet.Edge.Pipeline;

namespace RetinaNet.Edge.Tests.Pipeline;

/// <summary>The stall and failure rules on a fake clock, polled as often as /readyz may be.</summary>
public class PipelineHealthTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Fatal_FramesArriveNoneProcessed_StalledAfterWindowEvenWhenPolledOften()
    {
        var health = new PipelineHealth(_time) { StallAfter = TimeSpan.FromSeconds(30) };
        long framesIn = 0;
        for (int tick = 0; tick < 290; tick++)
        {
            if (tick % 10 == 0) framesIn++; // a frame a second, polled ten times a second
            Assert.Empty(health.Fatal([("cam", framesIn, 5)]));
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }
        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Contains("none was processed", Assert.Single(health.Fatal([("cam", framesIn + 1, 5)])), StringComparison.Ordinal);
        Assert.Empty(health.Fatal([("cam", framesIn + 2, 6)])); // processing resumed
    }

    [Fact]
    public void Fatal_CameraAwayNoFrames_NotAStall()
    {
        var health = new PipelineHealth(_time) { StallAfter = TimeSpan.FromSeconds(30) };
        for (int i = 0; i < 10; i++)
        {
            Assert.Empty(health.Fatal([("cam", 100, 100)]));
            _time.Advance(TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public void Fatal_EveryBatchFailsForWindow_FatalThenRecovers()
    {
        var health = new PipelineHealth(_time) { StallAfter = TimeSpan.FromSeconds(30) };
        health.BatchFailed(new InvalidOperationException("boom"));
        _time.Advance(TimeSpan.FromSeconds(29));
        health.BatchFailed(new InvalidOperationException("boom"));
        Assert.Empty(health.Fatal([]));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Contains("boom", Assert.Single(health.Fatal([])), StringComparison.Ordinal);
        health.BatchSucceeded();
        Assert.Empty(health.Fatal([]));
    }

    [Fact]
    public void LoopEnded_WhileRunning_FatalWhileStoppingNot()
    {
        var health = new PipelineHealth(_time) { Stopping = true };
        health.LoopEnded("inference", null);
        Assert.Empty(health.Fatal([]));
        var running = new PipelineHealth(_time);
        running.LoopEnded("inference", null);
        Assert.Contains("inference loop ended", Assert.Single(running.Fatal([])), StringComparison.Ordinal);
    }
}
