using Microsoft.Data.Sqlite;

namespace RetinaNet.Edge.Publishing.Outbox;

/// <summary>The clip index (table <c>clips</c>, one row per clip with its JSON record) in the outbox's file, so that a
/// clip's completion and its MQTT announcement are one transaction.</summary>
internal sealed partial class SqliteOutbox
{
    /// <summary>Inserts or replaces a clip's row; with <paramref name="announce"/> also queues that message, in the same
    /// transaction. False when the file could not be written (logged as an outbox write failure).</summary>
    public bool SaveClip(Guid id, string camera, long startMs, string state, long size, byte[] info, (string Topic, byte[] Payload)? announce)
    {
        lock (_lock)
        {
            long stored = announce is { } a ? OutboxMessage.StoredSize(a.Topic, a.Payload.Length) : 0;
            try
            {
                using var tx = _db.BeginTransaction();
                using (var cmd = _db.CreateCommand())
                {
                    cmd.Transaction = tx;
                    cmd.CommandText = "INSERT INTO clips (id, camera, start_ms, state, size, info) VALUES ($i, $c, $s, $t, $z, $j) " +
                                      "ON CONFLICT(id) DO UPDATE SET state = excluded.state, size = excluded.size, info = excluded.info";
                    cmd.Parameters.AddWithValue("$i", id.ToString());
                    cmd.Parameters.AddWithValue("$c", camera);
                    cmd.Parameters.AddWithValue("$s", startMs);
                    cmd.Parameters.AddWithValue("$t", state);
                    cmd.Parameters.AddWithValue("$z", size);
                    cmd.Parameters.AddWithValue("$j", info);
                    cmd.ExecuteNonQuery();
                }
                if (announce is { } m)
                {
                    _insert.Transaction = tx;
                    _insert.Parameters["$t"].Value = m.Topic;
                    _insert.Parameters["$p"].Value = m.Payload;
                    _insert.Parameters["$s"].Value = stored;
                    _insert.Parameters["$c"].Value = _time.GetUtcNow().ToUnixTimeMilliseconds();
                    _insert.Parameters["$k"].Value = 0L;
                    _insert.ExecuteScalar();
                }
                tx.Commit();
            }
            catch (SqliteException e)
            {
                Interlocked.Increment(ref _writeFailures);
                Log.OutboxWriteFailed(_logger, Path ?? ":memory:", e.Message);
                return false;
            }
            if (announce is not null)
            {
                _pendingCount++;
                _pendingBytes += stored;
                Interlocked.Increment(ref _appended);
            }
            return true;
        }
    }

    /// <summary>Clip records (their JSON), newest first: by state (<c>!recording</c>: every finished one), camera,
    /// start time, and a label or zone among the clip's (null: any) — all in SQL, so the limit counts matches.</summary>
    public List<byte[]> Clips(string? state, string? camera, long? fromMs, long? toMs, int limit, string? label = null, string? zone = null)
    {
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT info FROM clips WHERE ($t IS NULL OR ($t = '!recording' AND state <> 'recording') OR state = $t) AND ($c IS NULL OR camera = $c) " +
                              "AND ($f IS NULL OR start_ms >= $f) AND ($u IS NULL OR start_ms <= $u) " +
                              "AND ($lb IS NULL OR EXISTS (SELECT 1 FROM json_each(CAST(info AS TEXT), '$.labels') WHERE value = $lb)) " +
                              "AND ($z IS NULL OR EXISTS (SELECT 1 FROM json_each(CAST(info AS TEXT), '$.zones') WHERE value = $z)) ORDER BY start_ms DESC LIMIT $l";
            cmd.Parameters.AddWithValue("$t", (object?)state ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$c", (object?)camera ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$f", (object?)fromMs ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$u", (object?)toMs ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$lb", (object?)label ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$z", (object?)zone ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$l", limit);
            using var r = cmd.ExecuteReader();
            var list = new List<byte[]>();
            while (r.Read()) list.Add((byte[])r.GetValue(0));
            return list;
        }
    }

    public byte[]? Clip(Guid id)
    {
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT info FROM clips WHERE id = $i";
            cmd.Parameters.AddWithValue("$i", id.ToString());
            return cmd.ExecuteScalar() as byte[];
        }
    }

    public void DeleteClip(Guid id)
    {
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "DELETE FROM clips WHERE id = $i";
            cmd.Parameters.AddWithValue("$i", id.ToString());
            try { cmd.ExecuteNonQuery(); }
            catch (SqliteException e) { Log.OutboxWriteFailed(_logger, Path ?? ":memory:", e.Message); }
        }
    }
}
