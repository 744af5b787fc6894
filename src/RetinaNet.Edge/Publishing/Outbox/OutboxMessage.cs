namespace RetinaNet.Edge.Publishing.Outbox;

/// <summary>An event waiting in the outbox for the broker's acknowledgement, in append order (<see cref="Id"/>).</summary>
internal sealed record OutboxMessage(long Id, string Topic, byte[] Payload, long CreatedUnixMs, long CapturedTicks)
{
    /// <summary>What the row counts against the disk budget: topic and payload bytes plus SQLite's per-row overhead.</summary>
    public long Size => StoredSize(Topic, Payload.Length);

    public static long StoredSize(string topic, int payloadBytes) => System.Text.Encoding.UTF8.GetByteCount(topic) + payloadBytes + RowOverhead;

    /// <summary>Bytes SQLite spends on a row beyond its topic and payload (rowid, record header, other columns, b-tree
    /// cell): measured with <c>bench outbox</c> as file bytes per event minus topic and payload bytes (517 − 461 with a 433-byte event).</summary>
    public const int RowOverhead = 56;
}

/// <summary>The identity an event gets when it is appended: unique across restarts and agents (UUIDv7) and a
/// per-camera sequence number that grows by one per event.</summary>
internal readonly record struct EventStamp(Guid Id, long Seq);
