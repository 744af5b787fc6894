using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RetinaNet.Edge.History;
using RetinaNet.Edge.Web;

namespace RetinaNet.Edge.Tests.History;

/// <summary>The history on real SQLite files: one row per tracked object built from its events, filters, limits,
/// objects a killed run left open, and a damaged file.</summary>
public class HistoryStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly string _dir = RepoPaths.TempFolder("history");

    private HistoryStore Open() => new(_dir, _time, NullLogger<HistoryStore>.Instance);

    private static HistoryEntry Track(string camera, int id, string label, double from, double to, float score, bool ended = false, string? snapshot = null, Guid? clip = null) =>
        new(camera, id, label, T0.AddSeconds(from), T0.AddSeconds(to), score, ended, snapshot, clip, null, null);

    private static HistoryEntry Zone(string camera, int id, string label, double at, string zone) =>
        new(camera, id, label, T0.AddSeconds(at), T0.AddSeconds(at), 0, false, null, null, null, zone);

    private static ReviewFilter All(string? camera = null, string? label = null, string? zone = null, double? from = null, double? to = null, int limit = 200) =>
        new(camera, label, zone, from is { } f ? T0.AddSeconds(f) : null, to is { } t ? T0.AddSeconds(t) : null, limit);

    [Fact]
    public void Apply_EventsOfOneTrack_OneRowWithBestScoreLatestSnapshotFirstClipAndZones()
    {
        using var store = Open();
        var clip = Guid.CreateVersion7();
        store.Apply([Track("yard", 7, "person", 0, 0, 0.6f, snapshot: "/snapshots/yard/7-new.jpg", clip: clip)]);
        store.Apply([Zone("yard", 7, "person", 2, "door"), Zone("yard", 7, "person", 3, "door"), Zone("yard", 7, "person", 4, "gate")]);
        store.Apply([Track("yard", 7, "person", 0, 5, 0.9f, snapshot: "/snapshots/yard/7-better.jpg", clip: Guid.CreateVersion7()), Track("yard", 7, "person", 0, 9, 0.7f, ended: true)]);

        var o = Assert.Single(store.Find(All()));
        Assert.Equal(("yard", 7, "person"), (o.Camera, o.TrackId, o.Label));
        Assert.Equal(T0, o.Start);
        Assert.Equal(T0.AddSeconds(9), o.End);
        Assert.Equal(0.9f, o.BestScore);
        Assert.Equal(["door", "gate"], o.Zones);
        Assert.Equal("/snapshots/yard/7-better.jpg", o.Snapshot);
        Assert.Equal(clip, o.Clip);
    }

    [Fact]
    public void Find_ByCameraLabelZoneAndTime_NewestFirst()
    {
        using var store = Open();
        store.Apply([Track("yard", 1, "person", 0, 10, 0.8f), Track("yard", 2, "car", 20, 30, 0.8f), Track("gate", 1, "person", 40, 50, 0.8f), Zone("yard", 2, "car", 25, "drive")]);
        Assert.Equal([("gate", 1), ("yard", 2), ("yard", 1)], store.Find(All()).Select(o => (o.Camera, o.TrackId)));
        Assert.Equal([1], store.Find(All(camera: "yard", label: "person")).Select(o => o.TrackId));
        Assert.Equal([2], store.Find(All(zone: "drive")).Select(o => o.TrackId));
        Assert.Empty(store.Find(All(zone: "driv")));
        Assert.Equal([("yard", 2)], store.Find(All(from: 15, to: 35)).Select(o => (o.Camera, o.TrackId)));   // overlapping the range
        Assert.Equal([("gate", 1)], store.Find(All(limit: 1)).Select(o => (o.Camera, o.TrackId)));
        Assert.Null(store.Find(All(camera: "gate")).Single().End);                                              // still tracked
    }

    [Fact]
    public void Expire_ByAgeAndCount_OldestGo()
    {
        using var store = Open();
        store.Apply([.. Enumerable.Range(1, 10).Select(i => Track("yard", i, "person", i * 100, i * 100 + 50, 0.5f, ended: true))]);
        Assert.Equal(2, store.Expire(T0.AddSeconds(260), max: 100));   // last seen at 150 and 250
        Assert.Equal(3, store.Expire(T0, max: 5));
        Assert.Equal([10, 9, 8, 7, 6], store.Find(All()).Select(o => o.TrackId));
    }

    [Fact]
    public void Open_AfterARunLeftObjectsOpen_EndsThemAsRestart()
    {
        using (var store = Open()) store.Apply([Track("yard", 1, "person", 0, 5, 0.5f), Track("yard", 2, "person", 0, 5, 0.5f, ended: true)]);
        using var reopened = Open();
        var objects = reopened.Find(All());
        Assert.All(objects, o => Assert.NotNull(o.End));
        Assert.Equal("restart", objects.Single(o => o.TrackId == 1).Reason);
        Assert.Null(objects.Single(o => o.TrackId == 2).Reason);
    }

    [Fact]
    public void Open_DamagedFile_MovedAsideAndAFreshOneKept()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, HistoryStore.FileName), "this is not a database, it is a text file long enough to be read as one");
        using var store = Open();
        Assert.Null(store.Problem);
        Assert.Single(Directory.GetFiles(_dir, HistoryStore.FileName + ".bad-*"));
        store.Apply([Track("yard", 1, "person", 0, 1, 0.5f)]);
        Assert.Single(store.Find(All()));
    }

    [Fact]
    public void Open_FolderIsAFile_ProblemNamesItAndNothingIsKept()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        File.WriteAllText(_dir, "a file where the state folder should be");
        using var store = Open();
        Assert.Contains(HistoryStore.FileName, store.Problem, StringComparison.Ordinal);
        store.Apply([Track("yard", 1, "person", 0, 1, 0.5f)]);
        Assert.Empty(store.Find(All()));
    }
}
