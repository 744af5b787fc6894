using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Geometry;
using RetinaNet.Edge.Cameras;

namespace RetinaNet.Edge.Tests.Pipeline;

public class CameraPostProcessorTests
{
    private sealed class Nothing : IFrameSource
    {
        public void Open(CancellationToken cancellationToken) { }
        public bool Read(Mat image) => false;
        public void Interrupt() { }
        public double Fps => 0;
        public bool IsFile => false;
        public void Dispose() { }
    }

    private sealed class Seen : IFrameObserver
    {
        public List<(int Width, int Height, BoxF[] Boxes)> Frames { get; } = [];
        public void OnFrame(Frame frame, int width, int height, IReadOnlyList<Track> tracks) =>
            Frames.Add((width, height, [.. tracks.Select(t => t.Box)]));
    }


    [Fact]
    public void OnDetections_ScaledFrame_BoxesAndEventsInFullResolution()
    {
        using var meters = new TestMeters();
        var camera = new CameraOptions { Name = "cam", Url = "rtsp://cam/x" };
        using var capture = new CaptureWorker(camera, () => new Nothing(), () => { }, new FakeLogger(), new FakeTimeProvider());
        var seen = new Seen();
        var sinks = new RecordingSinks();
        var seams = new PostProcessingSeams(sinks, sinks, new ByteTrackerFactory(), new PipelineMetrics(meters.Factory), [seen]);
        var post = new CameraPostProcessor(camera, capture, ["thing"], new TrackingOptions(), seams, ExecutionProvider.Cpu, 1);
        using var pool = new FramePool();
        // The decoder scaled a 1920x1080 camera to 384x216: a box at (10, 20)-(40, 60) there is (50, 100)-(200, 300) here.
        for (int i = 0; i < 4; i++)
        {
            var frame = pool.Rent();
            frame.Image.Create(216, 384, MatType.CV_8UC3);
            frame.Camera = "cam"; frame.Index = i * 6; frame.SourceWidth = 1920; frame.SourceHeight = 1080; frame.CapturedAt = DateTimeOffset.UtcNow;
            post.OnDetections(frame, [new Detection(new BoxF(10, 20, 40, 60), 0.9f, 0)]);
            frame.Release();
        }
        Assert.All(seen.Frames, f => Assert.Equal((1920, 1080), (f.Width, f.Height)));
        var box = seen.Frames[^1].Boxes.Single();
        Assert.Equal(50, box.X1, 1.0); Assert.Equal(100, box.Y1, 1.0); Assert.Equal(200, box.X2, 1.0); Assert.Equal(300, box.Y2, 1.0);
        var started = sinks.Events.First(e => e.Type == TrackEventType.New);
        Assert.Equal(50, started.Box.X1, 1.0);
        Assert.Equal(300, started.Box.Y2, 1.0);
        Assert.Equal(50f / 1920, started.BoxNormalized.X1, 3);
    }

    [Fact]
    public void SourceEnded_LastFrameThrough_OpenTracksEndOnce()
    {
        using var meters = new TestMeters();
        var camera = new CameraOptions { Name = "cam", Url = "clip.mp4" };
        using var capture = new CaptureWorker(camera, () => new Nothing(), () => { }, new FakeLogger(), new FakeTimeProvider());
        var sinks = new RecordingSinks();
        var seams = new PostProcessingSeams(sinks, sinks, new ByteTrackerFactory(), new PipelineMetrics(meters.Factory), []);
        var post = new CameraPostProcessor(camera, capture, ["thing"], new TrackingOptions(), seams, ExecutionProvider.Cpu, 1);
        using var pool = new FramePool();
        void Frame(int i)
        {
            var frame = pool.Rent();
            frame.Image.Create(100, 100, MatType.CV_8UC3);
            frame.Camera = "cam"; frame.Index = i; frame.CapturedAt = DateTimeOffset.UtcNow;
            post.OnDetections(frame, [new Detection(new BoxF(10, 20, 40, 60), 0.9f, 0)]);
            frame.Release();
        }
        for (int i = 0; i < 5; i++) { capture.Status.FrameQueued(); if (i < 4) Frame(i); }
        // The file ended with one frame still in the pipeline: nothing ends before it is through.
        capture.Status.SetState(CameraState.Ended);
        Assert.DoesNotContain(sinks.Events, e => e.Type == TrackEventType.End);
        Frame(4);
        var end = Assert.Single(sinks.Events, e => e.Type == TrackEventType.End);
        Assert.Equal(4L, end.Frame);
        post.Retire();
        Assert.Single(sinks.Events, e => e.Type == TrackEventType.End);
    }

    private sealed class Captured : ITrackerFactory
    {
        public TrackerOptions? Options { get; private set; }
        public ITracker Create(string camera, TrackerOptions options) { Options = options; return new ByteTracker(options); }
    }

    [Theory]
    [InlineData(0.7f, 0.5f, 0.7f)] // tracking.highScore above the camera's minScore: it applies
    [InlineData(0.3f, 0.6f, 0.6f)] // the camera's minScore above it: the camera's
    public void Create_TrackingHighScore_UsedWithTheCamerasMinScore(float highScore, float minScore, float expected)
    {
        using var meters = new TestMeters();
        var camera = new CameraOptions { Name = "cam", Url = "rtsp://cam/x", MinScore = minScore, LabelThresholds = new() { ["faint"] = 0.2f } };
        using var capture = new CaptureWorker(camera, () => new Nothing(), () => { }, new FakeLogger(), new FakeTimeProvider());
        var factory = new Captured();
        var sinks = new RecordingSinks();
        var seams = new PostProcessingSeams(sinks, sinks, factory, new PipelineMetrics(meters.Factory), []);
        _ = new CameraPostProcessor(camera, capture, ["thing", "faint"], new TrackingOptions { HighScore = highScore }, seams, ExecutionProvider.Cpu, 1);
        Assert.Equal(expected, factory.Options!.HighScore);
        Assert.Equal([expected, 0.2f], factory.Options.ClassHighScore!);
    }
}
