using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Web;

namespace RetinaNet.Edge.Tests.Web;

public class SnapshotStoreTests
{
    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static TrackEvent Event(int id) => new()
    {
        Type = "new", Camera = "cam", TrackId = id, Label = "car", ClassId = 0, Score = 0.9f, BestScore = 0.9f,
        Box = new EventBox(10, 10, 60, 50), BoxNormalized = new EventBox(0, 0, 0, 0), FirstSeen = DateTimeOffset.UnixEpoch, LastSeen = DateTimeOffset.UnixEpoch, Frame = 1,
    };

    private static (SnapshotStore Store, Frame Frame, Clock Clock, FramePool Pool) Make(SnapshotOptions o)
    {
        var clock = new Clock(DateTimeOffset.UtcNow);
        var pool = new FramePool();
        var frame = pool.Rent();
        using (var m = new Mat(120, 160, MatType.CV_8UC3, new Scalar(40, 90, 200))) m.CopyTo(frame.Image);
        return (new SnapshotStore(o, RepoPaths.TempFolder("snapshots"), clock), frame, clock, pool);
    }

    [Fact]
    public void Save_WritesFrameAndCrop_ReturnsUrlPath()
    {
        var (store, frame, _, pool) = Make(new SnapshotOptions());
        using var _ = pool;
        var url = store.Save(frame, Event(7));
        Assert.StartsWith("/snapshots/cam/7-new-", url);
        var file = Path.Combine(store.Folder, "cam", Path.GetFileName(url!));
        using var full = Cv2.ImRead(file);
        using var crop = Cv2.ImRead(file.Replace(".jpg", "-crop.jpg", StringComparison.Ordinal));
        Assert.Equal((160, 120), (full.Width, full.Height));
        Assert.Equal((50, 40), (crop.Width, crop.Height));
    }

    [Fact]
    public void Enforce_CountLimit_KeepsNewest()
    {
        var (store, frame, clock, pool) = Make(new SnapshotOptions { MaxCount = 4 });
        using var _ = pool;
        for (int i = 1; i <= 5; i++) { clock.Now = clock.Now.AddSeconds(1); store.Save(frame, Event(i)); Thread.Sleep(15); }
        var names = Directory.GetFiles(Path.Combine(store.Folder, "cam")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(4, names.Count); // two events: frame + crop each
        Assert.All(names, n => Assert.True(n!.StartsWith("4-", StringComparison.Ordinal) || n.StartsWith("5-", StringComparison.Ordinal), n));
    }

    [Fact]
    public void Enforce_AgeAndSizeLimits_DeleteOldAndLargeExcess()
    {
        var (store, frame, _, pool) = Make(new SnapshotOptions { MaxAgeHours = 1, MaxMegabytes = 1 });
        using var _ = pool;
        store.Save(frame, Event(1));
        var old = Directory.GetFiles(Path.Combine(store.Folder, "cam"));
        foreach (var f in old) File.SetLastWriteTimeUtc(f, DateTime.UtcNow.AddHours(-2));
        File.WriteAllBytes(Path.Combine(store.Folder, "cam", "big.jpg"), new byte[900_000]);
        store.Save(frame, Event(2));
        var left = Directory.GetFiles(Path.Combine(store.Folder, "cam")).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain(left, n => n!.StartsWith("1-", StringComparison.Ordinal)); // too old
        Assert.Contains(left, n => n!.StartsWith("2-", StringComparison.Ordinal));
        long total = Directory.GetFiles(Path.Combine(store.Folder, "cam")).Sum(f => new FileInfo(f).Length);
        Assert.True(total <= 1024 * 1024);
    }
}
