using Microsoft.Data.Sqlite;

namespace RetinaNet.Edge.History;

/// <summary>The tracked objects in <c>STATE/history.db</c> (SQLite, WAL): one row per (camera, track id) — track ids
/// never repeat on a camera, also across restarts. A file SQLite cannot read is moved aside and a fresh one started;
/// when none can be opened, <see cref="Problem"/> says why and nothing is kept. One connection under a lock (the writer
/// thread writes in batches; the review page reads now and then).</summary>
internal sealed class HistoryStore : IObjectHistory, IDisposable
{
    public const string FileName = "history.db";

    private readonly Lock _lock = new();
    private readonly SqliteConnection? _db;
    private readonly SqliteCommand? _track, _zone;

    public HistoryStore(string folder, TimeProvider time, ILogger<HistoryStore> logger)
    {
        string path = Path.Combine(folder, FileName);
        try
        {
            Directory.CreateDirectory(folder);
            _db = Open(path);
        }
        catch (SqliteException e)
        {
            try
            {
                Log.MovedAside(logger, path, e.Message, Common.SqliteFiles.MoveAside(path, time));
                _db = Open(path);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException or SqliteException) { Problem = $"{path}: {again.Message}"; }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Problem = $"{path}: {e.Message}"; }
        if (_db is null) { Log.Unavailable(logger, Problem!); return; }
        // Track ids never repeat on a camera: an object still open now was open when the previous run ended.
        using (var close = _db.CreateCommand())
        {
            close.CommandText = "UPDATE objects SET ended = 1, reason = coalesce(reason, 'restart') WHERE ended = 0";
            close.ExecuteNonQuery();
        }
        _track = Command(
            "INSERT INTO objects (camera, track_id, label, first_ms, last_ms, ended, best_score, snapshot, clip, reason) VALUES ($c, $t, $l, $f, $s, $e, $b, $p, $k, $r) " +
            "ON CONFLICT(camera, track_id) DO UPDATE SET last_ms = max(last_ms, excluded.last_ms), ended = max(ended, excluded.ended), " +
            "best_score = max(best_score, excluded.best_score), snapshot = coalesce(excluded.snapshot, snapshot), clip = coalesce(clip, excluded.clip), " +
            "reason = coalesce(excluded.reason, reason)", "$c", "$t", "$l", "$f", "$s", "$e", "$b", "$p", "$k", "$r");
        _zone = Command(
            "INSERT INTO objects (camera, track_id, label, first_ms, last_ms, best_score, zones) VALUES ($c, $t, $l, $f, $f, 0, $z) " +
            "ON CONFLICT(camera, track_id) DO UPDATE SET zones = CASE WHEN instr(',' || zones || ',', ',' || excluded.zones || ',') > 0 THEN zones " +
            "WHEN zones = '' THEN excluded.zones ELSE zones || ',' || excluded.zones END", "$c", "$t", "$l", "$f", "$z");
    }

    /// <summary>Why the history is not kept (null when it is).</summary>
    public string? Problem { get; }

    /// <summary>Adds a batch of entries in one transaction.</summary>
    public void Apply(IReadOnlyList<HistoryEntry> batch)
    {
        if (_db is null || batch.Count == 0) return;
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            foreach (var e in batch)
            {
                var cmd = e.Zone is null ? _track! : _zone!;
                cmd.Transaction = tx;
                cmd.Parameters["$c"].Value = e.Camera;
                cmd.Parameters["$t"].Value = e.TrackId;
                cmd.Parameters["$l"].Value = e.Label;
                cmd.Parameters["$f"].Value = e.First.ToUnixTimeMilliseconds();
                if (e.Zone is { } zone) cmd.Parameters["$z"].Value = zone;
                else
                {
                    cmd.Parameters["$s"].Value = e.Last.ToUnixTimeMilliseconds();
                    cmd.Parameters["$e"].Value = e.Ended ? 1 : 0;
                    cmd.Parameters["$b"].Value = e.Score;
                    cmd.Parameters["$p"].Value = (object?)e.Snapshot ?? DBNull.Value;
                    cmd.Parameters["$k"].Value = e.Clip is { } clip ? clip.ToString() : DBNull.Value;
                    cmd.Parameters["$r"].Value = (object?)e.Reason ?? DBNull.Value;
                }
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    /// <summary>Objects seen in the filter's time range (overlapping it), newest first.</summary>
    public IReadOnlyList<TrackedObject> Find(Web.ReviewFilter f)
    {
        if (_db is null) return [];
        lock (_lock)
        {
            using var q = _db.CreateCommand();
            q.CommandText = "SELECT camera, track_id, label, first_ms, last_ms, ended, best_score, zones, snapshot, clip, reason FROM objects " +
                "WHERE ($c IS NULL OR camera = $c) AND ($l IS NULL OR label = $l) AND ($z IS NULL OR instr(',' || zones || ',', ',' || $z || ',') > 0) " +
                "AND ($from IS NULL OR last_ms >= $from) AND ($to IS NULL OR first_ms <= $to) ORDER BY first_ms DESC, track_id DESC LIMIT $n";
            q.Parameters.AddWithValue("$c", (object?)f.Camera ?? DBNull.Value);
            q.Parameters.AddWithValue("$l", (object?)f.Label ?? DBNull.Value);
            q.Parameters.AddWithValue("$z", (object?)f.Zone ?? DBNull.Value);
            q.Parameters.AddWithValue("$from", f.From is { } from ? from.ToUnixTimeMilliseconds() : DBNull.Value);
            q.Parameters.AddWithValue("$to", f.To is { } to ? to.ToUnixTimeMilliseconds() : DBNull.Value);
            q.Parameters.AddWithValue("$n", f.Limit);
            using var r = q.ExecuteReader();
            var list = new List<TrackedObject>();
            while (r.Read())
            {
                var last = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4));
                list.Add(new TrackedObject(r.GetString(0), r.GetInt32(1), r.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)), last,
                    r.GetInt32(5) == 1 ? last : null, r.GetFloat(6), r.GetString(7).Split(',', StringSplitOptions.RemoveEmptyEntries),
                    r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : Guid.Parse(r.GetString(9)), r.IsDBNull(10) ? null : r.GetString(10)));
            }
            return list;
        }
    }

    /// <summary>Forgets objects last seen before <paramref name="cutoff"/>, then the oldest beyond <paramref name="max"/>.
    /// Returns how many went.</summary>
    public int Expire(DateTimeOffset cutoff, int max)
    {
        if (_db is null) return 0;
        lock (_lock)
        {
            using var q = _db.CreateCommand();
            q.CommandText = "DELETE FROM objects WHERE last_ms < $cutoff; " +
                "DELETE FROM objects WHERE rowid IN (SELECT rowid FROM objects ORDER BY first_ms DESC LIMIT -1 OFFSET $max)";
            q.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
            q.Parameters.AddWithValue("$max", max);
            return q.ExecuteNonQuery();
        }
    }

    private static SqliteConnection Open(string path)
    {
        SqliteConnection? db = new(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            db.Open();
            using var setup = db.CreateCommand();
            setup.CommandText = "PRAGMA quick_check";
            if (setup.ExecuteScalar() is not "ok") throw new SqliteException($"{path} fails SQLite's quick_check", 11);
            setup.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; " +
                "CREATE TABLE IF NOT EXISTS objects (camera TEXT NOT NULL, track_id INTEGER NOT NULL, label TEXT NOT NULL, first_ms INTEGER NOT NULL, " +
                "last_ms INTEGER NOT NULL, ended INTEGER NOT NULL DEFAULT 0, best_score REAL NOT NULL, zones TEXT NOT NULL DEFAULT '', snapshot TEXT, clip TEXT, " +
                "reason TEXT, PRIMARY KEY (camera, track_id)); CREATE INDEX IF NOT EXISTS objects_first ON objects (first_ms);";
            setup.ExecuteNonQuery();
            var opened = db;
            db = null;
            return opened;
        }
        finally
        {
            db?.Dispose();
        }
    }

    private SqliteCommand Command(string sql, params string[] names)
    {
        var cmd = _db!.CreateCommand();
        cmd.CommandText = sql;
        foreach (var n in names) cmd.Parameters.Add(new SqliteParameter(n, null));
        cmd.Prepare();
        return cmd;
    }

    public void Dispose()
    {
        _track?.Dispose();
        _zone?.Dispose();
        _db?.Dispose();
    }
}
