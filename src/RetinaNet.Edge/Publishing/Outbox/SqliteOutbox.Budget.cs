namespace RetinaNet.Edge.Publishing.Outbox;

/// <summary>The disk budget: over <c>maxMegabytes</c> the oldest waiting events are deleted, older than
/// <c>maxAgeHours</c> too; both are counted exactly and logged once per episode (an episode ends when the outbox is
/// back under half its budget).</summary>
internal sealed partial class SqliteOutbox
{
    private long _droppedOverBudget, _expired;
    private long _episodeDropped;
    private bool _overBudget;

    /// <summary>Events deleted unsent because the outbox was over its byte budget.</summary>
    public long DroppedOverBudget => Interlocked.Read(ref _droppedOverBudget);
    /// <summary>Events deleted unsent because they were older than <c>maxAgeHours</c>.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>Deletes the oldest waiting events until the stored bytes fit the budget. Caller holds the lock.</summary>
    private void TrimToBudget()
    {
        long excess = _pendingBytes - (long)MaxBytes;
        if (excess <= 0) return;
        var victims = new List<(long Id, long Size)>();
        long freed = 0;
        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "SELECT id, size FROM outbox WHERE id > $a ORDER BY id LIMIT 4096";
            cmd.Parameters.AddWithValue("$a", Math.Max(_ackedThrough, _trimmedThrough));
            using var r = cmd.ExecuteReader();
            while (freed < excess && r.Read())
            {
                long id = r.GetInt64(0);
                if (id == _inflight) continue; // on its way to the broker right now
                victims.Add((id, r.GetInt64(1)));
                freed += r.GetInt64(1);
            }
        }
        if (victims.Count == 0) return;
        Delete(victims);
        _droppedOverBudget += victims.Count;
        _episodeDropped += victims.Count;
        if (!_overBudget)
        {
            _overBudget = true;
            Log.OutboxOverBudget(_logger, _options.MaxMegabytes, Path ?? ":memory:");
        }
    }

    /// <summary>Deletes waiting events older than <c>maxAgeHours</c> (at start, then every minute from the publisher).</summary>
    public void ExpireOld()
    {
        lock (_lock)
        {
            long cutoff = _time.GetUtcNow().AddHours(-_options.MaxAgeHours).ToUnixTimeMilliseconds();
            var victims = new List<(long Id, long Size)>();
            using (var cmd = _db.CreateCommand())
            {
                cmd.CommandText = "SELECT id, size FROM outbox WHERE id > $a AND created_ms < $c ORDER BY id";
                cmd.Parameters.AddWithValue("$a", Math.Max(_ackedThrough, _trimmedThrough));
                cmd.Parameters.AddWithValue("$c", cutoff);
                using var r = cmd.ExecuteReader();
                while (r.Read()) if (r.GetInt64(0) != _inflight) victims.Add((r.GetInt64(0), r.GetInt64(1)));
            }
            if (victims.Count == 0) return;
            Delete(victims);
            _expired += victims.Count;
            Log.OutboxExpired(_logger, victims.Count, _options.MaxAgeHours);
        }
    }

    private void Delete(List<(long Id, long Size)> victims)
    {
        using var tx = _db.BeginTransaction();
        using var cmd = _db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "DELETE FROM outbox WHERE id = $id";
        var p = cmd.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter { ParameterName = "$id" });
        foreach (var (id, size) in victims)
        {
            p.Value = id;
            cmd.ExecuteNonQuery();
            _pendingCount--;
            _pendingBytes -= size;
            _trimmedThrough = Math.Max(_trimmedThrough, id);
        }
        tx.Commit();
    }

    private void EndBudgetEpisodeIfDone()
    {
        if (!_overBudget || _pendingBytes > MaxBytes / 2) return;
        _overBudget = false;
        Log.OutboxBackWithinBudget(_logger, _episodeDropped);
        _episodeDropped = 0;
    }
}
