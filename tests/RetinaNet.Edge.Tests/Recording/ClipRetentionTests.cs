using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Publishing;
using RetinaNet.Edge.Publishing.Outbox;
using RetinaNet.Edge.Recording;

namespace RetinaNet.Edge.Tests.Recording;

/// <summary>Retention against the real index (the outbox's SQLite file) and real files.</summary>
public sealed class ClipRetentionTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
    private readonly string _dir = RepoPaths.TempFolder("clip-retention");
    private readonly SqliteOutbox _outbox;
    private readonly MqttEventSink _sink;
    private readonly ClipIndex _index;
    private readonly ClipFolder _folder;
    private readonly TestMeters _meters = new();
    private readonly RecordingOptions _options = new() { Enabled = true, MaxAgeHours = 24, DiskFloorMegabytes = 0 };

    public ClipRetentionTests()
    {
        var mqtt = new MqttOptions { Host = "127.0.0.1", Port = 1, TopicPrefix = "r" };
        var time = new FakeTimeProvider(T0);
        _outbox = new SqliteOutbox(Path.Combine(_dir, "state"), mqtt.Outbox, time, NullLogger.Instance);
        _sink = new MqttEventSink(Microsoft.Extensions.Options.Options.Create(mqtt), AgentPaths.Of(new AgentConfig(new AgentOptions { Mqtt = mqtt }, [], _dir, "")), _outbox, time, NullLogger<MqttEventSink>.Instance);
        _index = new ClipIndex(_outbox, Microsoft.Extensions.Options.Options.Create(mqtt), _sink);
        _folder = new ClipFolder(Path.Combine(_dir, "clips"));
    }

    private ClipInfo Clip(string camera, int minute, int megabytes, string[]? labels = null, string[]? zones = null, string state = "complete")
    {
        var clip = new ClipInfo
        {
            Labels = labels ?? [], Zones = zones ?? [],
            Id = Guid.CreateVersion7(T0.AddMinutes(minute)), Camera = camera, File = $"{minute:D4}.mp4", Codec = "avc1.640028",
            Start = T0.AddMinutes(minute), End = T0.AddMinutes(minute).AddSeconds(30), StartPts = minute * 60, RequestedPts = minute * 60, State = state,
            Size = megabytes << 20,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(_folder.Of(clip))!);
        using (var f = File.Create(_folder.Of(clip))) f.Write(new byte[clip.Size]); // written, not sparse: deleting it frees the space
        File.WriteAllText(_folder.Sidecar(clip), ""); // empty: the sums below are the clips alone
        _index.Completed(clip);
        return clip;
    }

    private ClipRetention Retention() => new(_index, () => _options, _folder, new RecordingMetrics(_meters.Factory), NullLogger.Instance);

    [Fact]
    public void List_ByLabelZoneAndLimit_MatchedInTheIndexFinishedOnly()
    {
        var person = Clip("a", 0, 0, ["person"], ["door"]);
        var car = Clip("a", 1, 0, ["car", "person"], []);
        var truck = Clip("a", 2, 0, ["truck"], ["door", "drive"]);
        Clip("a", 3, 0, ["person"], ["door"], state: "recovered");
        _index.Opened(Clip("a", 4, 0, ["person"], ["door"]) with { State = "recording" }); // being written: not listed
        Assert.Equal(4, _index.List("a").Count);
        Assert.Equal([car.Id, person.Id], _index.List("a", label: "person").Skip(1).Select(c => c.Id));
        Assert.Equal([truck.Id], _index.List(zone: "drive").Select(c => c.Id));
        Assert.Equal([car.Id], _index.List(label: "car", zone: null).Select(c => c.Id));
        Assert.Empty(_index.List(label: "per"));
        // The limit counts matches: of the three door clips the newest two come.
        Assert.Equal(2, _index.List(label: "person", zone: "door", limit: 2).Count);
        Assert.Equal(truck.Id, _index.List(zone: "door", limit: 2)[1].Id);
    }

    [Fact]
    public void FreeForCamera_OverQuota_OldestOfThatCameraGoFirstNeverTheProtected()
    {
        var a = Enumerable.Range(0, 5).Select(i => Clip("a", i, 1)).ToList();
        var b = Clip("b", 0, 1);
        var bytes = new Dictionary<string, long> { ["a"] = 5L << 20, ["b"] = 1L << 20 };
        long total = Retention().FreeForCamera("a", (5L << 20) + (512 << 10), 3L << 20, bytes, protect: [a[0].Id]);
        Assert.True(total <= 3L << 20, $"{total} over the quota");
        // a[0] is being written (protected); a[1], a[2], a[3] were the oldest of the others.
        Assert.Equal([a[4].Id, a[0].Id], _index.List("a").Select(c => c.Id));
        Assert.All(a.Skip(1).Take(3), c => { Assert.False(File.Exists(_folder.Of(c))); Assert.False(File.Exists(_folder.Sidecar(c))); });
        Assert.True(File.Exists(_folder.Of(b)));
        Assert.Equal(2L << 20, bytes["a"]);
        Assert.Equal(1L << 20, bytes["b"]);
    }

    [Fact]
    public void Sweep_OlderThanMaxAge_Deleted()
    {
        var old = Clip("a", 0, 1);
        var young = Clip("a", 120, 1);
        var bytes = new Dictionary<string, long> { ["a"] = 2L << 20 };
        Retention().Sweep(bytes, T0.AddHours(25), protect: []);
        Assert.Equal([young.Id], _index.List("a").Select(c => c.Id));
        Assert.False(File.Exists(_folder.Of(old)));
        Assert.Equal(1L << 20, bytes["a"]);
    }

    [Fact]
    public void KeepFloor_BelowTheFloor_OldestOfAnyCameraUntilAbove()
    {
        var clips = new[] { Clip("a", 3, 8), Clip("b", 1, 8), Clip("a", 2, 8) };
        var bytes = new Dictionary<string, long> { ["a"] = 16L << 20, ["b"] = 8L << 20 };
        // A floor 2 MB above what the file system has free: freeing the oldest clip (8 MB) is enough.
        long free = new DriveInfo(_dir).AvailableFreeSpace;
        _options.DiskFloorMegabytes = (free + (2 << 20)) / 1048576.0;
        Retention().KeepFloor(bytes, protect: []);
        Assert.False(File.Exists(_folder.Of(clips[1])));   // b at minute 1: the oldest
        Assert.Equal(2, _index.List().Count);
    }

    [Fact]
    public void Index_CompletedClip_AnnouncedInTheSameTransaction()
    {
        long before = _outbox.PendingCount;
        var clip = Clip("gate", 1, 1);
        Assert.Equal(before + 1, _outbox.PendingCount);
        Assert.Equal(clip.Id, _index.Find(clip.Id)!.Id);
        Assert.Empty(_index.Unfinished());
        _index.Opened(clip with { Id = Guid.NewGuid(), State = "recording" });
        Assert.Single(_index.Unfinished());
        Assert.Equal(before + 1, _outbox.PendingCount); // opening announces nothing
    }

    public async ValueTask DisposeAsync()
    {
        await _sink.DisposeAsync();
        _outbox.Dispose();
        _meters.Dispose();
    }
}
