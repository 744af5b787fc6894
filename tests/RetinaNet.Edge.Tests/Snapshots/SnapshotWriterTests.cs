using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Snapshots;

namespace RetinaNet.Edge.Tests.Snapshots;

public class SnapshotWriterTests
{
    private sealed class State : IRetainedState
    {
        public List<(string Camera, int Bytes)> Crops { get; } = [];
        public void PublishCounts(string camera, IReadOnlyDictionary<string, int> counts) { }
        public void PublishValue(string camera, string path, string value) { }
        public void PublishRetained(string topic, string payload) { }
        public void PublishSnapshot(string camera, byte[] jpeg) { lock (Crops) Crops.Add((camera, jpeg.Length)); }
        public void PublishStatus(RetinaNet.Edge.Pipeline.CameraSnapshot status) { }
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
        using var writer = new SnapshotWriter(store, options, state, new SnapshotMetrics(meters.Factory), NullLogger<SnapshotWriter>.Instance, new FakeTimeProvider());
        using var pool = new FramePool();
        var frame = pool.Rent();
        using (var m = SnapshotStoreTests.Image()) m.CopyTo(frame.Image);

        // Not started: nothing drains, so the bounded queue fills (the inference thread never waits for the disk).
        var urls = Enumerable.Range(1, 20).Select(i => writer.TryEnqueue(frame, SnapshotStoreTests.Event(i))).ToList();
        Assert.Equal(16, urls.Count(u => u is not null));
        Assert.Equal(4, writer.Dropped);
        Assert.Equal(4, dropped.GetMeasurementSnapshot().EvaluateAsCounter());

        // Stop writes what was queued: every URL handed out names a file that exists, and MQTT got each crop.
        await writer.StopAsync(CancellationToken.None);
        Assert.All(urls.OfType<string>(), u => Assert.True(File.Exists(Path.Combine(store.Folder, "cam", Path.GetFileName(u))), u));
        Assert.Equal(16, written.GetMeasurementSnapshot().EvaluateAsCounter());
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
        using var writer = new SnapshotWriter(store, options, new State(), new SnapshotMetrics(meters.Factory), NullLogger<SnapshotWriter>.Instance, new FakeTimeProvider());
        using var pool = new FramePool();
        var frame = pool.Rent();
        using (var m = SnapshotStoreTests.Image()) m.CopyTo(frame.Image);
        Assert.NotNull(writer.TryEnqueue(frame, SnapshotStoreTests.Event(1)));
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(1, writer.Failed);
        Assert.Equal(1, failed.GetMeasurementSnapshot().EvaluateAsCounter());
        frame.Release();
    }
}
