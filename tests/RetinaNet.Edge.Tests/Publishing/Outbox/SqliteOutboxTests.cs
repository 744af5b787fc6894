using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using RetinaNet.Edge.Publishing;
using RetinaNet.Edge.Publishing.Outbox;

namespace RetinaNet.Edge.Tests.Publishing.Outbox;

/// <summary>The outbox on real SQLite files in a temp folder, with a fake clock.</summary>
public class SqliteOutboxTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger _log = new();

    private SqliteOutbox Open(string folder, OutboxOptions? options = null) => new(folder, options ?? new OutboxOptions { Fsync = OutboxFsync.Off }, _time, _log);

    private static long Append(SqliteOutbox outbox, string camera, int trackId, int payloadBytes = 100) =>
        outbox.Append(camera, trackId, s => ($"t/{camera}/events", Encoding.UTF8.GetBytes($"{{\"seq\":{s.Seq},\"id\":\"{s.Id}\"}}".PadRight(payloadBytes))), 0, store: true, out _);

    [Fact]
    public void Append_SeveralCameras_StampsPerCameraSequenceAndReadsInOrder()
    {
        using var outbox = Open(RepoPaths.TempFolder("outbox"));
        var stamps = new List<(string Camera, EventStamp Stamp)>();
        foreach (var cam in new[] { "a", "b", "a", "a", "b" })
        {
            outbox.Append(cam, 1, s => ("t", [1]), 0, store: true, out var stamp);
            stamps.Add((cam, stamp));
        }
        Assert.Equal([1L, 2, 3], stamps.Where(s => s.Camera == "a").Select(s => s.Stamp.Seq));
        Assert.Equal([1L, 2], stamps.Where(s => s.Camera == "b").Select(s => s.Stamp.Seq));
        Assert.Equal(5, stamps.Select(s => s.Stamp.Id).Distinct().Count());
        Assert.All(stamps, s => Assert.Equal(7, s.Stamp.Id.Version));
        var read = outbox.ReadAfter(0, 100);
        Assert.Equal(5, read.Count);
        Assert.True(read.Zip(read.Skip(1)).All(p => p.First.Id < p.Second.Id));
    }

    [Fact]
    public void Reopen_AfterAppends_SequenceAndTrackIdsContinueAndUnsentEventsRemain()
    {
        var folder = RepoPaths.TempFolder("outbox");
        using (var outbox = Open(folder))
        {
            Append(outbox, "cam", 7);
            Append(outbox, "cam", 12);
            Append(outbox, "cam", 9);
            outbox.Acknowledge(outbox.ReadAfter(0, 1)[0]);
        }
        using var reopened = Open(folder);
        Assert.Equal(3, reopened.LastSeq("cam"));
        Assert.Equal(12, reopened.LastTrackId("cam"));
        Assert.Equal(0, reopened.LastTrackId("other"));
        Assert.Equal(13, new PublishedTrackIds(reopened).NextTrackId("cam"));
        Assert.Equal(1, new PublishedTrackIds(reopened).NextTrackId("other"));
        Assert.Equal(2, reopened.PendingCount);
        Assert.Equal(2, reopened.ReadAfter(0, 10).Count);
        reopened.Append("cam", 13, s => ("t", [1]), 0, store: true, out var stamp);
        Assert.Equal(4, stamp.Seq);
    }

    [Fact]
    public void Append_OverByteBudget_OldestDroppedAndCountExact()
    {
        // 0.01 MB = 10,485.76 bytes; each row is topic (12) + payload (400) + overhead (56) = 468 bytes → 22 fit.
        using var outbox = Open(RepoPaths.TempFolder("outbox"), new OutboxOptions { MaxMegabytes = 0.01, Fsync = OutboxFsync.Off });
        for (int i = 0; i < 100; i++) Append(outbox, "cam", 1, payloadBytes: 400);
        long rowSize = OutboxMessage.StoredSize("t/cam/events", 400);
        long fit = (long)(0.01 * 1048576 / rowSize);
        Assert.Equal(fit, outbox.PendingCount);
        Assert.Equal(100 - fit, outbox.DroppedOverBudget);
        Assert.True(outbox.PendingBytes <= outbox.MaxBytes);
        var left = outbox.ReadAfter(0, 1000);
        Assert.Equal(Enumerable.Range(100 - (int)fit + 1, (int)fit).Select(i => (long)i), left.Select(m => m.Id)); // the newest remain
        Assert.Single(_log.Collector.GetSnapshot(), r => r.Message.Contains("over its budget", StringComparison.Ordinal)); // once per episode
    }

    [Fact]
    public void ExpireOld_OlderThanMaxAge_DroppedAndCounted()
    {
        using var outbox = Open(RepoPaths.TempFolder("outbox"), new OutboxOptions { MaxAgeHours = 1, Fsync = OutboxFsync.Off });
        for (int i = 0; i < 5; i++) Append(outbox, "cam", 1);
        _time.Advance(TimeSpan.FromMinutes(59));
        for (int i = 0; i < 3; i++) Append(outbox, "cam", 1);
        _time.Advance(TimeSpan.FromMinutes(2));
        outbox.ExpireOld();
        Assert.Equal(5, outbox.Expired);
        Assert.Equal(3, outbox.PendingCount);
        Assert.Equal([6L, 7, 8], outbox.ReadAfter(0, 10).Select(m => m.Id));
    }

    [Fact]
    public void BeginSend_MessageTrimmedMeanwhile_Skipped()
    {
        using var outbox = Open(RepoPaths.TempFolder("outbox"), new OutboxOptions { MaxMegabytes = 0.01, Fsync = OutboxFsync.Off });
        Append(outbox, "cam", 1, payloadBytes: 400);
        var first = outbox.ReadAfter(0, 1)[0];
        for (int i = 0; i < 60; i++) Append(outbox, "cam", 1, payloadBytes: 400);
        Assert.False(outbox.BeginSend(first));
        var inFlight = outbox.ReadAfter(0, 1)[0];
        Assert.True(outbox.BeginSend(inFlight));
        long before = outbox.DroppedOverBudget;
        for (int i = 0; i < 10; i++) Append(outbox, "cam", 1, payloadBytes: 400);
        Assert.Equal(before + 10, outbox.DroppedOverBudget); // the one being sent is spared, the next oldest go
        Assert.Equal(inFlight.Id, outbox.ReadAfter(0, 1)[0].Id);
    }

    [Fact]
    public void Open_GarbageFile_MovedAsideAndFreshOneWorks()
    {
        var folder = RepoPaths.TempFolder("outbox");
        var garbage = new byte[64 * 1024];
        new Random(1).NextBytes(garbage);
        File.WriteAllBytes(Path.Combine(folder, SqliteOutbox.FileName), garbage);
        using var outbox = Open(folder);
        Assert.NotNull(outbox.MovedAside);
        Assert.Equal(garbage, File.ReadAllBytes(outbox.MovedAside!));
        Assert.Null(outbox.Problem);
        Append(outbox, "cam", 1);
        Assert.Equal(1, outbox.PendingCount);
        Assert.Contains(_log.Collector.GetSnapshot(), r => r.Message.Contains("moved aside", StringComparison.Ordinal) && r.Message.Contains(folder, StringComparison.Ordinal));
    }

    [Fact]
    public void Open_TruncatedFile_AgentGetsAWorkingOutbox()
    {
        var folder = RepoPaths.TempFolder("outbox");
        using (var outbox = Open(folder))
            for (int i = 0; i < 2000; i++) Append(outbox, "cam", i, payloadBytes: 300);
        var path = Path.Combine(folder, SqliteOutbox.FileName);
        Assert.False(File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0, "closed cleanly: the WAL is checkpointed");
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(f.Length * 3 / 5); // a torn write at the end
        using var reopened = Open(folder);
        Assert.NotNull(reopened.MovedAside);
        Append(reopened, "cam", 1);
        Assert.Single(reopened.ReadAfter(0, 10));
    }

    [Fact]
    public void Open_OtherSchemaVersion_MovedAside()
    {
        var folder = RepoPaths.TempFolder("outbox");
        var path = Path.Combine(folder, SqliteOutbox.FileName);
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE x (y); PRAGMA user_version = 99;";
            cmd.ExecuteNonQuery();
        }
        using var outbox = Open(folder);
        Assert.NotNull(outbox.MovedAside);
        Assert.Contains(_log.Collector.GetSnapshot(), r => r.Message.Contains("version 99", StringComparison.Ordinal));
    }

    [Fact]
    public void Open_FolderIsAFile_OutboxInMemoryWithProblem()
    {
        var blocker = Path.Combine(RepoPaths.TempFolder("outbox"), "not-a-folder");
        File.WriteAllText(blocker, "x");
        using var outbox = Open(blocker);
        Assert.Null(outbox.Path);
        Assert.Contains("memory", outbox.Problem, StringComparison.Ordinal);
        Append(outbox, "cam", 1);
        Assert.Equal(1, outbox.PendingCount);
    }

    [Fact]
    public void Acknowledge_ThenReopen_AcknowledgedNotSentAgain()
    {
        var folder = RepoPaths.TempFolder("outbox");
        using (var outbox = Open(folder))
        {
            for (int i = 0; i < 10; i++) Append(outbox, "cam", 1);
            foreach (var m in outbox.ReadAfter(0, 4)) { Assert.True(outbox.BeginSend(m)); outbox.Acknowledge(m); }
            Assert.Equal(6, outbox.PendingCount);
        }
        using var reopened = Open(folder);
        Assert.Equal([5L, 6, 7, 8, 9, 10], reopened.ReadAfter(0, 100).Select(m => m.Id));
    }
}
