using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
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
using RetinaNet.Edge.Vision.Imaging;
using RetinaNet.Edge.Cameras;

namespace RetinaNet.Edge.Tests.Pipeline;

/// <summary>The batcher and the inference workers with a fake detector and scripted cameras: batches mix cameras,
/// two workers run at once, and tracking still sees every camera's frames in order even when a later batch finishes
/// first.</summary>
public class InferenceServiceTests
{
    private const int FramesPerCamera = 40;

    private sealed class Scripted(int frames) : IFrameSource
    {
        private int _read;
        public void Open(CancellationToken cancellationToken) { }
        public bool Read(Mat image)
        {
            if (_read >= frames) return false;
            image.Create(48, 64, MatType.CV_8UC3);
            image.SetTo(Scalar.All(_read++ % 255));
            return true;
        }
        public void Interrupt() { }
        public double Fps => 25;
        public bool IsFile => true;
        public void Dispose() { }
    }

    private sealed class Captures(TimeProvider time) : ICaptureFactory
    {
        public CaptureWorker Create(CameraOptions camera, string baseDirectory, Action frameAvailable, (int Width, int Height) workingSize = default) =>
            new(camera, () => new Scripted(FramesPerCamera), frameAvailable, new FakeLogger(), time);
    }

    /// <summary>Two concurrent runs allowed; the first batch (sequence 0) is held until a later one has finished running.</summary>
    private sealed class SlowFirstDetector : IDetector
    {
        private readonly ManualResetEventSlim _laterDone = new();
        public ConcurrentQueue<(long Sequence, string[] Cameras)> Batches { get; } = new();
        public ConcurrentQueue<long> Completed { get; } = new();
        public ModelInfo Model { get; } = new("fake.onnx", "input", 64, 48, true, OutputLayout.A, ["thing"], new DecoderSettings { NumClasses = 1 }, []);
        public ExecutionProvider ExecutionProvider => ExecutionProvider.Cpu;
        public int MaxBatch => 4;
        public int Workers => 2;
        public InferenceMetrics Metrics { get; } = new();
        public InputBatch CreateBatch() => new(MaxBatch, 64, 48, ResizeMode.Letterbox);
        public void Detect(IReadOnlyList<Frame> frames, DetectionSink sink) => throw new NotSupportedException();

        public void Run(InputBatch batch, DetectionSink sink)
        {
            Batches.Enqueue((batch.Sequence, [.. batch.Frames.Select(f => f.Camera)]));
            if (batch.Sequence == 0) _laterDone.Wait(TimeSpan.FromSeconds(10));
            for (int i = 0; i < batch.Count; i++) sink(i, [new Detection(new BoxF(10, 10, 30, 30), 0.9f, 0)]);
            Completed.Enqueue(batch.Sequence);
            if (batch.Sequence > 0) _laterDone.Set();
        }

        public void Dispose() { _laterDone.Dispose(); Metrics.Dispose(); }
    }

    private sealed class Order : IFrameObserver
    {
        public ConcurrentDictionary<string, List<long>> Seen { get; } = new();
        public void OnFrame(Frame frame, int width, int height, IReadOnlyList<Track> tracks)
        {
            var list = Seen.GetOrAdd(frame.Camera, _ => []);
            lock (list) list.Add(frame.Index);
        }
    }


    /// <summary>A fixed set of cameras (what a tool command runs; the agent's supervisor changes its set live).</summary>
    private sealed class FixedCameras(IReadOnlyList<CameraPostProcessor> cameras) : ICameraSet
    {
        public IReadOnlyList<CameraPostProcessor> Current => cameras;
        IReadOnlyList<ICameraLane> ICameraSet.Current => cameras;
        public bool Live => false;
    }

    private sealed class Seed : ITrackIdSeed
    {
        public int NextTrackId(string camera) => 1;
    }

    [Fact]
    public async Task Run_TwoWorkersLaterBatchFirst_FramesPostProcessedInOrderPerCamera()
    {
        using var meters = new TestMeters();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string[] names = ["a", "b"];
        var cameras = names.Select(n => new CameraOptions { Name = n, Url = $"/videos/{n}.mp4", RealTime = false, DetectFps = 240, QueueCapacity = 4 }).ToList();
        var config = new AgentConfig(new AgentOptions(), cameras, RepoPaths.TempFolder("inference-service"), "fake.onnx");
        using var detector = new SlowFirstDetector();
        var order = new Order();
        var sinks = new RecordingSinks();
        var seams = new PostProcessingSeams(sinks, sinks, new ByteTrackerFactory(), new PipelineMetrics(meters.Factory), [order]);
        using var signal = new FrameSignal();
        var captures = new Captures(time);
        var set = new FixedCameras([.. cameras.Select(c => new CameraPostProcessor(c, captures.Create(c, config.BaseDirectory, signal.Release), detector.Model.Labels,
            config.Agent.Tracking, seams, detector.ExecutionProvider, new Seed().NextTrackId(c.Name)))]);
        using var service = new InferenceService(detector, set, signal, time, NullLoggerFactory.Instance, new PipelineHealth(time));
        foreach (var c in set.Current) c.Capture.Start(CancellationToken.None);
        await service.StartAsync(CancellationToken.None);
        Assert.True(SpinWait.SpinUntil(() => set.Current.All(c => c.FramesProcessed == FramesPerCamera), TimeSpan.FromSeconds(20)),
            string.Join(", ", set.Current.Select(c => $"{c.Name} {c.FramesProcessed}")));
        await service.StopAsync(CancellationToken.None);

        Assert.True(detector.Completed.TryPeek(out var firstDone) && firstDone > 0, "a later batch finished before the first");
        Assert.Contains(detector.Batches, b => b.Cameras.Distinct().Count() == 2); // frames of both cameras in one run
        foreach (var cam in cameras)
            Assert.Equal(Enumerable.Range(0, FramesPerCamera).Select(i => (long)i), order.Seen[cam.Name]); // every frame, in order
        var sequences = detector.Batches.Select(b => b.Sequence).Order().ToList();
        Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => (long)i), sequences);
    }
}

/// <summary>How a lane sizes its batch: the waiting frames shared among the idle lanes.</summary>
public class InferenceServiceShareTests
{
    [Theory]
    [InlineData(3, 2, 4, 2)] // 3 cameras' frames at once, both lanes idle: 2 here, 1 for the other lane
    [InlineData(1, 2, 4, 1)]
    [InlineData(3, 1, 4, 3)] // the other lane busy: this one takes them all
    [InlineData(9, 2, 4, 4)] // never more than the model's batch
    [InlineData(0, 2, 4, 1)] // a frame counted after the wake-up but not yet visible: at least 1
    [InlineData(4, 0, 4, 4)]
    public void ShareOf_WaitingFramesAndIdleLanes_ShareRoundedUpWithinTheBatch(int waiting, int idle, int maxBatch, int expected) =>
        Assert.Equal(expected, InferenceService.ShareOf(waiting, idle, maxBatch));

    [Fact]
    public void ShareOf_AnySplit_LanesTogetherTakeEveryWaitingFrame()
    {
        // Property: lanes taking their shares one after another (each leaving the pool) take every frame that fits.
        for (int waiting = 0; waiting <= 12; waiting++)
            for (int lanes = 1; lanes <= 4; lanes++)
            {
                int left = waiting;
                for (int idle = lanes; idle >= 1 && left > 0; idle--) left -= Math.Min(left, InferenceService.ShareOf(left, idle, 4));
                Assert.Equal(Math.Max(0, waiting - 4 * lanes), left);
            }
    }
}
