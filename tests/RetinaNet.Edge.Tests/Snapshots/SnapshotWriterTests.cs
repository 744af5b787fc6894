using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Snapshots;

namespace RetinaNet.Edge.Tests.Snapshots;

public class SnapshotWriterTests
{
    /// <summary>An observed counter's total now (the meter reads the writer's own count).</summary>
    private static long Total(MetricCollector<long> counter)
    {
        counter.RecordObservableInstruments();
        return counter.LastMeasurement?.Value ?? 0;
    }

    private sealed class State : IRetainedState
    {
        public List<(string Camera, int Bytes)> Crops { get; } = [];
        public void PublishCounts(string camera, IReadOnlyDictionary<string, int> counts) { }
        public void PublishValue(string camera, string path, string value) { }
        public void PublishRetained(string topic, string payload) { }
        public void PublishSnapshot(string camera, byte[] jpeg) { lock (Crops) Crops.Add((camera, jpeg.Length)); }
        public void PublishStatus(RetinaNet.Edge.Cameras.CameraSnapshot status) { }
        public void ClearCamera(string camera, IEnumerable<string> others) { }
    }

    [Fact]
    public async Task TryEnqueue_WriterNotRunning_SixteenQueuedRestDroppedAndCounted()
    {
        using var meters = new TestMeters();
        var options = new SnapshotOptions { Mqtt = true };
        var store = new SnapshotStore(options, RepoPaths.TempFolder("snapshots"), new FakeTimeProvider(DateTimeOffset.UtcNow));
        var state = new State();
        using var dropped = new MetricCollector<long>(meters.Factory, SnapshotMetrics.MeterName, "retinanet.snapshots.dropped");
        using var written = new MetricCollector<long>(meters.Factory, SnapshotMetrics.MeterName, "retinanet.snapshots.written");
        using var writer = new SnapshotWriter(store, Microsoft.Extensions.Options.Options.Create(options), state, new SnapshotMetrics(meters.Factory), NullLogger<SnapshotWriter>.Instance, new FakeTimeProvider(), []);
        using var pool = new FramePool();
        var frame = pool.Rent();
        using (var m = SnapshotStoreTests.Image()) m.CopyTo(frame.Image);

        // Not started: nothing drains, so the bounded queue fills (the inference thread never waits for the disk).
        var urls = Enumerable.Range(1, 20).Select(i => writer.TryEnqueue(frame, SnapshotStoreTests.Event(i))).ToList();
        Assert.Equal(16, urls.Count(u => u is not null));
        Assert.Equal(4, writer.Dropped);
        Assert.Equal(4, Total(dropped));

        // Stop writes what was queued: every URL handed out names a file that exists, and MQTT got each crop.
        await writer.StopAsync(CancellationToken.None);
        Assert.All(urls.OfType<string>(), u => Assert.True(File.Exists(Path.Combine(store.Folder, "cam", Path.GetFileName(u))), u));
        Assert.Equal(16, Total(written));
        Assert.Equal(16, state.Crops.Count);
        frame.Release();
    }

    [Fact]
    public async Task Write_FolderNotWritable_FailureCountedNothingThrown()
    {
        using var meters = new TestMeters();
        var options = new SnapshotOptions();
        var blocked = Path.Combine(RepoPaths.TempFolder("snapshots"), "file-not-folder");
        Directory.CreateDirectory(Path.GetDirectoryName(blocked)!);
        File.WriteAllText(blocked, "a file where the folder should be");
        var store = new SnapshotStore(options, blocked, new FakeTimeProvider(DateTimeOffset.UtcNow));
        using var failed = new MetricCollector<long>(meters.Factory, SnapshotMetrics.MeterName, "retinanet.snapshots.failed");
        using var writer = new SnapshotWriter(store, Microsoft.Extensions.Options.Options.Create(options), new State(), new SnapshotMetrics(meters.Factory), NullLogger<SnapshotWriter>.Instance, new FakeTimeProvider(), []);
        using var pool = new FramePool();
        var frame = pool.Rent();
        using (var m = SnapshotStoreTests.Image()) m.CopyTo(frame.Image);
        Assert.NotNull(writer.TryEnqueue(frame, SnapshotStoreTests.Event(1)));
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(1, writer.Failed);
        Assert.Equal(1, Total(failed));
        frame.Release();
    }

    [Fact]
    public async Task Write_CameraVideoKept_SnapshotIsTheFrameAtFullResolution()
    {
        // A 1280x720 camera's remuxed video in the live view's hub, the detector's frame at 384x216: the snapshot is the
        // camera's own frame at that timestamp, decoded from the kept GOP.
        var dir = RepoPaths.TempFolder("full-snapshot");
        string src = Path.Combine(dir, "src.mp4"), live = Path.Combine(dir, "live.mp4");
        ExternalTool.Run("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=15", "-t", "3", "-c:v", "libx264", "-g", "15", "-pix_fmt", "yuv420p", src);
        ExternalTool.Run("ffmpeg", "-loglevel", "error", "-y", "-i", src, "-c:v", "copy", "-f", "mp4", "-movflags", "+frag_every_frame+empty_moov+default_base_moof+negative_cts_offsets", live);
        using var meters = new TestMeters();
        var hub = new RetinaNet.Edge.LiveView.LiveVideoHub(new RetinaNet.Edge.LiveView.LiveViewMetrics(meters.Factory), Microsoft.Extensions.Options.Options.Create(new RetinaNet.Edge.Web.HttpOptions()), []);
        using (var stream = File.OpenRead(live)) hub.Run("cam", stream);
        var options = new SnapshotOptions();
        var store = new SnapshotStore(options, Path.Combine(dir, "snapshots"), new FakeTimeProvider(DateTimeOffset.UtcNow));
        using var full = new MetricCollector<long>(meters.Factory, SnapshotMetrics.MeterName, "retinanet.snapshots.full_resolution");
        using var writer = new SnapshotWriter(store, Microsoft.Extensions.Options.Options.Create(options), new State(), new SnapshotMetrics(meters.Factory), NullLogger<SnapshotWriter>.Instance, new FakeTimeProvider(),
            [new RetinaNet.Edge.LiveView.FullFrameDecoder(hub)]);
        using var pool = new FramePool();
        var frame = pool.Rent();
        frame.Image.Create(216, 384, OpenCvSharp.MatType.CV_8UC3);
        frame.Pts = 20 / 15.0; // frame 20: in the previous GOP (keyframes at 0, 15, 30; the last two GOPs are kept)
        var url = writer.TryEnqueue(frame, SnapshotStoreTests.Event(1));
        frame.Pts = 3 / 15.0; // frame 3: older than the GOPs kept — the working-size frame is used
        var old = writer.TryEnqueue(frame, SnapshotStoreTests.Event(2));
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(1, Total(full));
        using var written = OpenCvSharp.Cv2.ImRead(Path.Combine(store.Folder, "cam", Path.GetFileName(url!)));
        Assert.Equal((1280, 720), (written.Width, written.Height));
        using var small = OpenCvSharp.Cv2.ImRead(Path.Combine(store.Folder, "cam", Path.GetFileName(old!)));
        Assert.Equal((384, 216), (small.Width, small.Height));
        // It is frame 20 of the clip, not its neighbours (testsrc2 moves every frame); the box drawn on it aside, compare the top rows.
        using var capture = new OpenCvSharp.VideoCapture(src);
        var diffs = new List<double>();
        using var decoded = new OpenCvSharp.Mat();
        for (int i = 0; i <= 22 && capture.Read(decoded); i++)
            if (i >= 18) using (var a = new OpenCvSharp.Mat(written, new OpenCvSharp.Rect(0, 0, 1280, 100))) using (var b = new OpenCvSharp.Mat(decoded, new OpenCvSharp.Rect(0, 0, 1280, 100))) using (var d = new OpenCvSharp.Mat())
            {
                OpenCvSharp.Cv2.Absdiff(a, b, d);
                diffs.Add(OpenCvSharp.Cv2.Mean(d).Val0);
            }
        Assert.Equal(2, diffs.IndexOf(diffs.Min())); // frames 18..22: the 3rd is frame 20
        frame.Release();
    }
}
