using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Cameras;

namespace RetinaNet.Edge.Tests.Capture;

/// <summary>The capture worker against scripted sources, on a fake clock: reconnect delays and the stall timer run on
/// <see cref="FakeTimeProvider"/>; the test advances it and waits only for the worker's thread to catch up.</summary>
public class CaptureWorkerTests
{
    /// <summary>Scripted source: fails to open N times, then yields frames (a counter drawn in pixel 0), then ends
    /// (files), fails, or blocks until interrupted (a stalled camera).</summary>
    private sealed class Scripted(int frames, bool isFile, bool hangAfter = false, string? openError = null, int openFailures = int.MaxValue) : IFrameSource
    {
        // A monitor, not a disposable event: the worker disposes every source it opened, and a test's factory may hand
        // the same source out again (the open failed, the worker disposed it, then retried) — it must still work.
        private readonly object _gate = new();
        private bool _interrupted;
        private int _read;
        public int Opened;
        public volatile bool Blocked;
        public void Open(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref Opened) <= openFailures && openError is not null) throw new CaptureException(openError);
        }
        public bool Read(Mat image)
        {
            if (_read >= frames)
            {
                if (hangAfter)
                {
                    Blocked = true;
                    lock (_gate) while (!_interrupted) Monitor.Wait(_gate);
                }
                return false;
            }
            image.Create(48, 64, MatType.CV_8UC3);
            image.SetTo(Scalar.All(0));
            image.Set(0, 0, new Vec3b((byte)_read, 0, 0));
            _read++;
            return true;
        }
        public void Interrupt()
        {
            lock (_gate) { _interrupted = true; Monitor.PulseAll(_gate); }
        }
        public double Fps => isFile ? 25 : 0;
        public bool IsFile => isFile;
        public void Dispose() { }
    }

    private static CameraOptions Camera(string url = "rtsp://camera/stream", int capacity = 2) =>
        new() { Name = "cam", Url = url, DetectFps = 240, QueueCapacity = capacity, StallSeconds = 2, ReconnectMaxSeconds = 5, RealTime = false };

    private static bool Eventually(Func<bool> condition) => SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(10));

    [Fact]
    public void Run_LiveSourceOutrunsInference_OldestDroppedAndCountedNewestKept()
    {
        using var meters = new TestMeters();
        using var dropped = new MetricCollector<long>(meters.Factory, CaptureMetrics.MeterName, "retinanet.camera.frames_dropped");
        using var source = new Scripted(frames: 5, isFile: true); // ends after 5 frames; never read by inference
        using var worker = new CaptureWorker(Camera(), () => source, () => { }, new FakeLogger(), new FakeTimeProvider(), new CaptureMetrics(meters.Factory));
        using var stop = new CancellationTokenSource();
        worker.Start(stop.Token);
        Assert.True(Eventually(() => worker.Status.State == CameraState.Ended));
        Assert.True(worker.Join(TimeSpan.FromSeconds(5)));
        Assert.Equal(5, worker.Status.FramesIn);
        Assert.Equal(3, worker.Status.FramesDropped);
        var kept = new List<long>();
        while (worker.Frames.Reader.TryRead(out var f)) { kept.Add(f.Index); f.Release(); }
        Assert.Equal([3L, 4L], kept); // the oldest went, the newest stayed
        dropped.RecordObservableInstruments();
        Assert.Equal(3, dropped.LastMeasurement!.Value);
        Assert.Equal("cam", dropped.LastMeasurement.Tags["camera"]);
    }

    [Fact]
    public void Run_OpenFails_RetriedOnTheClockReasonInStatusThenStreams()
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger();
        using var source = new Scripted(frames: 1, isFile: false, hangAfter: true, openError: "401 Unauthorized", openFailures: 1);
        using var worker = new CaptureWorker(Camera(), () => source, () => { }, logger, time);
        using var stop = new CancellationTokenSource();
        worker.Start(stop.Token);
        Assert.True(Eventually(() => worker.Status.State == CameraState.Reconnecting), $"{worker.Status.State} {worker.Status.LastError}");
        Assert.Equal("401 Unauthorized", worker.Status.LastError);
        Thread.Sleep(300);
        Assert.Equal(1, source.Opened); // the retry waits for the clock, not for real time
        Assert.True(Eventually(() => { time.Advance(TimeSpan.FromMilliseconds(100)); return worker.Status.State == CameraState.Streaming; }));
        Assert.Equal(1, worker.Status.Reconnects);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Message.Contains("401 Unauthorized", StringComparison.Ordinal));
        stop.Cancel();
        Assert.True(worker.Join(TimeSpan.FromSeconds(5)));
        Assert.Equal(CameraState.Stopped, worker.Status.State);
    }

    [Fact]
    public void Run_SourceStalls_InterruptedAfterStallSecondsOfClockThenReopened()
    {
        var time = new FakeTimeProvider();
        using var first = new Scripted(frames: 1, isFile: false, hangAfter: true);
        using var second = new Scripted(frames: 1, isFile: false, hangAfter: true);
        int made = 0;
        using var worker = new CaptureWorker(Camera(), () => Interlocked.Increment(ref made) == 1 ? first : second, () => { }, new FakeLogger(), time);
        using var stop = new CancellationTokenSource();
        worker.Start(stop.Token);
        Assert.True(Eventually(() => first.Blocked)); // read its frame and waits in Read: the stall timer is armed
        time.Advance(TimeSpan.FromSeconds(1.9));
        Thread.Yield();
        Assert.Equal(CameraState.Streaming, worker.Status.State); // not yet: stallSeconds is 2
        time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.True(Eventually(() => second.Opened == 1 && worker.Status.FramesIn == 2), $"{worker.Status.State} {worker.Status.LastError} {second.Opened} {worker.Status.FramesIn}");
        Assert.Equal(1, worker.Status.Reconnects);
        stop.Cancel();
        Assert.True(worker.Join(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Run_UnpacedFileAndSlowInference_WaitsInsteadOfDropping()
    {
        using var source = new Scripted(frames: 6, isFile: true);
        using var worker = new CaptureWorker(Camera(url: "/videos/clip.mp4"), () => source, () => { }, new FakeLogger(), new FakeTimeProvider());
        using var stop = new CancellationTokenSource();
        worker.Start(stop.Token);
        var read = new List<long>();
        Assert.True(Eventually(() =>
        {
            while (worker.Frames.Reader.TryRead(out var f)) { read.Add(f.Index); f.Release(); }
            return worker.Status.State == CameraState.Ended && worker.Frames.Reader.Count == 0;
        }));
        while (worker.Frames.Reader.TryRead(out var f)) { read.Add(f.Index); f.Release(); }
        Assert.Equal([0L, 1, 2, 3, 4, 5], read);
        Assert.Equal(0, worker.Status.FramesDropped);
    }
}
