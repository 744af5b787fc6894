using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace RetinaNet.Edge.Publishing.Outbox;

/// <summary>The durable event outbox: one SQLite file in WAL mode in the state folder. An event is appended (with
/// its id and per-camera sequence number, in one transaction) before it counts as produced, and deleted only after
/// the broker acknowledged it. Also keeps each camera's sequence and highest track id, so that both continue across
/// restarts. A file that cannot be read is moved aside and a fresh one started; when no file can be written at all
/// the outbox lives in memory (and says so in <see cref="Problem"/>). Thread-safe: one connection under a lock.</summary>
internal sealed partial class SqliteOutbox : IDisposable
{
    public const string FileName = "outbox.db";

    private readonly Lock _lock = new();
    private readonly OutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SqliteConnection _db;
    private readonly SqliteCommand _insert, _upsertCamera, _openTrack, _closeTrack;
    private readonly Dictionary<string, (long Seq, long LastTrackId)> _cameras = new(StringComparer.Ordinal);
    private readonly List<(string Camera, int TrackId, byte[] Payload)> _leftOpen = [];
    private long _pendingCount, _pendingBytes, _appended, _writeFailures;
    private bool _writeFailing;

    public SqliteOutbox(string folder, OutboxOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _db = OpenOrRecover(folder);
        _insert = Prepare("INSERT INTO outbox (topic, payload, size, created_ms, captured_ticks) VALUES ($t, $p, $s, $c, $k) RETURNING id", "$t", "$p", "$s", "$c", "$k");
        _upsertCamera = Prepare("INSERT INTO cameras (name, seq, last_track_id) VALUES ($n, $q, $l) ON CONFLICT(name) DO UPDATE SET seq = excluded.seq, last_track_id = max(last_track_id, excluded.last_track_id)", "$n", "$q", "$l");
        _openTrack = Prepare("INSERT INTO open_tracks (camera, track_id, payload) VALUES ($n, $i, $p) ON CONFLICT(camera, track_id) DO UPDATE SET payload = excluded.payload", "$n", "$i", "$p");
        _closeTrack = Prepare("DELETE FROM open_tracks WHERE camera = $n AND track_id = $i", "$n", "$i");
        using (var read = _db.CreateCommand())
        {
            read.CommandText = "SELECT camera, track_id, payload FROM open_tracks ORDER BY camera, track_id";
            using var r = read.ExecuteReader();
            while (r.Read()) _leftOpen.Add((r.GetString(0), r.GetInt32(1), (byte[])r.GetValue(2)));
        }
        using (var read = _db.CreateCommand())
        {
            read.CommandText = "SELECT name, seq, last_track_id FROM cameras";
            using var r = read.ExecuteReader();
            while (r.Read()) _cameras[r.GetString(0)] = (r.GetInt64(1), r.GetInt64(2));
        }
        _pendingCount = OutboxSchema.Scalar(_db, "SELECT count(*) FROM outbox");
        _pendingBytes = OutboxSchema.Scalar(_db, "SELECT coalesce(sum(size), 0) FROM outbox");
        if (_pendingCount > 0) Log.OutboxResumed(_logger, _pendingCount, _pendingBytes / 1048576.0, Path ?? ":memory:");
        ExpireOld();
    }

    /// <summary>Tracks that were open when the previous run ended without ending them (killed, crashed, power lost):
    /// each one's last event as published. Read once at start; the publisher ends them (reason <c>restart</c>).</summary>
    public IReadOnlyList<(string Camera, int TrackId, byte[] Payload)> LeftOpen => _leftOpen;

    /// <summary>The outbox file, or null when it lives in memory.</summary>
    public string? Path { get; private set; }
    /// <summary>Why the outbox is not durable or not writable, null when all is well.</summary>
    public string? Problem { get; private set; }
    /// <summary>A damaged file moved aside at start, if any.</summary>
    public string? MovedAside { get; private set; }
    public long PendingCount { get { lock (_lock) return _pendingCount; } }
    public long PendingBytes { get { lock (_lock) return _pendingBytes; } }
    public long Appended => Interlocked.Read(ref _appended);
    public long WriteFailures => Interlocked.Read(ref _writeFailures);
    public double MaxBytes => _options.MaxMegabytes * 1048576.0;

    /// <summary>The highest track id of any event of the camera the outbox ever took (0 if none): recorded in the same
    /// transaction as each event, so no id that reached the outbox is ever lower.</summary>
    public long LastTrackId(string camera)
    {
        lock (_lock) return _cameras.TryGetValue(camera, out var c) ? c.LastTrackId : 0;
    }

    /// <summary>The last sequence number given to an event of the camera (0 if none).</summary>
    public long LastSeq(string camera)
    {
        lock (_lock) return _cameras.TryGetValue(camera, out var c) ? c.Seq : 0;
    }

    /// <summary>Stamps an event (id, next sequence number of its camera), serializes it with <paramref name="build"/>
    /// and stores it in one transaction. <paramref name="store"/> false (QoS 0) records only the sequence and track id.
    /// Returns the outbox row id (0 when not stored).</summary>
    /// <param name="life">Whether the event opens or updates its track (its payload is kept as the track's last known
    /// state, in the same transaction) or ends it (the track is forgotten).</param>
    public long Append(string camera, int trackId, Func<EventStamp, (string Topic, byte[] Payload)> build, long capturedTicks, bool store, out EventStamp stamp,
        TrackLife life = TrackLife.None)
    {
        lock (_lock)
        {
            var current = _cameras.GetValueOrDefault(camera);
            var now = _time.GetUtcNow();
            stamp = new EventStamp(Guid.CreateVersion7(now), current.Seq + 1);
            var (topic, payload) = build(stamp);
            long size = OutboxMessage.StoredSize(topic, payload.Length);
            long id = 0;
            try
            {
                using var tx = _db.BeginTransaction();
                if (store)
                {
                    _insert.Transaction = tx;
                    _insert.Parameters["$t"].Value = topic;
                    _insert.Parameters["$p"].Value = payload;
                    _insert.Parameters["$s"].Value = size;
                    _insert.Parameters["$c"].Value = now.ToUnixTimeMilliseconds();
                    _insert.Parameters["$k"].Value = capturedTicks;
                    id = (long)_insert.ExecuteScalar()!;
                }
                _upsertCamera.Transaction = tx;
                _upsertCamera.Parameters["$n"].Value = camera;
                _upsertCamera.Parameters["$q"].Value = stamp.Seq;
                _upsertCamera.Parameters["$l"].Value = Math.Max(current.LastTrackId, trackId);
                _upsertCamera.ExecuteNonQuery();
                if (life != TrackLife.None)
                {
                    var cmd = life == TrackLife.Open ? _openTrack : _closeTrack;
                    cmd.Transaction = tx;
                    cmd.Parameters["$n"].Value = camera;
                    cmd.Parameters["$i"].Value = trackId;
                    if (life == TrackLife.Open) cmd.Parameters["$p"].Value = payload;
                    cmd.ExecuteNonQuery();
                }
                tx.Commit();
            }
            catch (SqliteException e)
            {
                // Disk full or I/O error: the event is lost (counted, logged once per episode); the pipeline goes on.
                Interlocked.Increment(ref _writeFailures);
                if (!_writeFailing) { _writeFailing = true; Problem = $"outbox write failed: {e.Message}"; Log.OutboxWriteFailed(_logger, Path ?? ":memory:", e.Message); }
                stamp = default;
                return -1;
            }
            if (_writeFailing) { _writeFailing = false; Problem = null; Log.OutboxWriteRecovered(_logger, Path ?? ":memory:", WriteFailures); }
            _cameras[camera] = (stamp.Seq, Math.Max(current.LastTrackId, trackId));
            Interlocked.Increment(ref _appended);
            if (store)
            {
                _pendingCount++;
                _pendingBytes += size;
                if (_pendingBytes > MaxBytes) TrimToBudget();
            }
            return id;
        }
    }

    /// <summary>Up to <paramref name="max"/> stored events after <paramref name="afterId"/>, oldest first.</summary>
    public IReadOnlyList<OutboxMessage> ReadAfter(long afterId, int max)
    {
        var list = new List<OutboxMessage>();
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT id, topic, payload, created_ms, captured_ticks FROM outbox WHERE id > $a ORDER BY id LIMIT $m";
            cmd.Parameters.AddWithValue("$a", Math.Max(afterId, _ackedThrough));
            cmd.Parameters.AddWithValue("$m", max);
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(new OutboxMessage(r.GetInt64(0), r.GetString(1), (byte[])r.GetValue(2), r.GetInt64(3), r.GetInt64(4)));
        }
        return list;
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var p in parameters) cmd.Parameters.Add(new SqliteParameter { ParameterName = p });
        return cmd;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            FlushAcknowledged();
            _insert.Dispose();
            _upsertCamera.Dispose();
            _openTrack.Dispose();
            _closeTrack.Dispose();
            _db.Dispose();
        }
    }
}

/// <summary>What an appended event does to its track's record of being open.</summary>
internal enum TrackLife
{
    /// <summary>Not a track event (zones, lines).</summary>
    None,
    /// <summary><c>new</c> or <c>update</c>: the track is open; its latest event is kept.</summary>
    Open,
    /// <summary><c>end</c>: the track is closed.</summary>
    Closed,
}
