namespace RetinaNet.Edge.Publishing.Outbox;

/// <summary>Delivery bookkeeping: the publisher marks the message it is sending, then acknowledges it after the
/// broker's PUBACK. Acknowledged rows are deleted in batches; should the agent die before a batch is deleted, those
/// events are sent again after the restart with the same id (at-least-once).</summary>
internal sealed partial class SqliteOutbox
{
    private const int DeleteBatch = 64;
    private long _ackedThrough, _inflight, _trimmedThrough, _ackedSinceFlush;

    /// <summary>Marks <paramref name="message"/> as being sent. False if the budget dropped it meanwhile.</summary>
    public bool BeginSend(OutboxMessage message)
    {
        lock (_lock)
        {
            if (message.Id <= _trimmedThrough && _inflight != message.Id) return false;
            _inflight = message.Id;
            return true;
        }
    }

    /// <summary>The broker acknowledged <paramref name="message"/> (and, sending in order, everything before it).</summary>
    public void Acknowledge(OutboxMessage message)
    {
        lock (_lock)
        {
            if (_inflight == message.Id) _inflight = 0;
            if (message.Id <= _ackedThrough) return;
            _ackedThrough = message.Id;
            _pendingCount = Math.Max(0, _pendingCount - 1);
            _pendingBytes = Math.Max(0, _pendingBytes - message.Size);
            if (++_ackedSinceFlush >= DeleteBatch) FlushAcknowledged();
            EndBudgetEpisodeIfDone();
        }
    }

    /// <summary>The send failed; the message stays first in line.</summary>
    public void SendFailed(OutboxMessage message)
    {
        lock (_lock) if (_inflight == message.Id) _inflight = 0;
    }

    /// <summary>Deletes the acknowledged rows (called in batches and whenever the publisher is idle).</summary>
    public void FlushAcknowledged()
    {
        lock (_lock)
        {
            if (_ackedSinceFlush == 0) return;
            try
            {
                using var cmd = _db.CreateCommand();
                cmd.CommandText = "DELETE FROM outbox WHERE id <= $a";
                cmd.Parameters.AddWithValue("$a", _ackedThrough);
                cmd.ExecuteNonQuery();
                _ackedSinceFlush = 0;
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                Log.OutboxWriteFailed(_logger, Path ?? ":memory:", e.Message); // retried with the next batch
            }
        }
    }
}
