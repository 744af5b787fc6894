using Microsoft.Extensions.Time.Testing;
using OpenCvSharp;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Snapshots;

namespace RetinaNet.Edge.Tests.Snapshots;

public class SnapshotStoreTests
{
    internal static TrackEvent Event(int id, string camera = "cam") => new()
    {
        Type = TrackEventType.New, Camera = camera, TrackId = id, Label = "car", ClassId = 0, Score = 0.9f, BestScore = 0.9f,
        Box = new EventBox(10, 10, 60, 50), BoxNormalized = new EventBox(10f / 160, 10f / 120, 60f / 160, 50f / 120), FirstSeen = DateTimeOffset.UnixEpoch, LastSeen = DateTimeOffset.UnixEpoch, Frame = 1,
    };

    internal static Mat Image() => new(120, 160, MatType.CV_8UC3, new Scalar(40, 90, 200));

    private static string Save(SnapshotStore store, int id)
    {
        var e = Event(id);
        var (name, url) = store.NameFor(e);
        using var image = Image();
        store.Write(image, e, name);
        return url;
    }

    [Fact]
    public void Write_WorkingSizeImage_CropPlacedByNormalizedBox()
    {
        // The camera is 160x120 (event box 50x40 there); the decoder's working image is half that size.
        var store = new SnapshotStore(new SnapshotOptions(), RepoPaths.TempFolder("snapshots"), new FakeTimeProvider(DateTimeOffset.UtcNow));
        var e = Event(7);
        using var image = new Mat(60, 80, MatType.CV_8UC3, new Scalar(40, 90, 200));
        var crop = store.Write(image, e, store.NameFor(e).Name);
        Assert.NotNull(crop);
        using var decoded = Cv2.ImDecode(crop, ImreadModes.Color);
        Assert.Equal((25, 20), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Write_FrameAndCrop_ServedUnderTheNamedUrl()
    {
        var store = new SnapshotStore(new SnapshotOptions(), RepoPaths.TempFolder("snapshots"), new FakeTimeProvider(DateTimeOffset.UtcNow));
        var url = Save(store, 7);
        Assert.StartsWith("/snapshots/cam/7-new-", url);
        var file = Path.Combine(store.Folder, "cam", Path.GetFileName(url));
        using var full = Cv2.ImRead(file);
        using var crop = Cv2.ImRead(file.Replace(".jpg", "-crop.jpg", StringComparison.Ordinal));
        Assert.Equal((160, 120), (full.Width, full.Height));
        Assert.Equal((50, 40), (crop.Width, crop.Height));
    }

    [Fact]
    public void Enforce_CountLimit_KeepsNewest()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new SnapshotStore(new SnapshotOptions { MaxCount = 4 }, RepoPaths.TempFolder("snapshots"), clock);
        for (int i = 1; i <= 5; i++) { clock.Advance(TimeSpan.FromSeconds(1)); Save(store, i); }
        var names = Directory.GetFiles(Path.Combine(store.Folder, "cam")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(4, names.Count); // two events: frame + crop each
        Assert.All(names, n => Assert.True(n!.StartsWith("4-", StringComparison.Ordinal) || n.StartsWith("5-", StringComparison.Ordinal), n));
    }

    [Fact]
    public void Enforce_EarlierRunsFiles_AgeAndSizeLimitsApplyToThem()
    {
        var folder = RepoPaths.TempFolder("snapshots");
        Directory.CreateDirectory(Path.Combine(folder, "cam"));
        var old = Path.Combine(folder, "cam", "1-new-1.jpg");
        File.WriteAllBytes(old, new byte[1000]);
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-2));
        var big = Path.Combine(folder, "cam", "big.jpg");
        File.WriteAllBytes(big, new byte[900_000]);
        File.SetLastWriteTimeUtc(big, DateTime.UtcNow.AddMinutes(-1));
        var store = new SnapshotStore(new SnapshotOptions { MaxAgeHours = 1, MaxMegabytes = 0.86 }, folder, new FakeTimeProvider(DateTimeOffset.UtcNow));
        Save(store, 2);
        var left = Directory.GetFiles(Path.Combine(folder, "cam")).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain("1-new-1.jpg", left); // too old
        Assert.DoesNotContain("big.jpg", left); // oldest of what is over the size budget
        Assert.Contains(left, n => n!.StartsWith("2-", StringComparison.Ordinal));
        Assert.True(Directory.GetFiles(Path.Combine(folder, "cam")).Sum(f => new FileInfo(f).Length) <= 0.86 * 1024 * 1024);
    }
}
