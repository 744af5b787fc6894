using System.ComponentModel.DataAnnotations;

namespace RetinaNet.Edge.Publishing.Outbox;

/// <summary>agent.json <c>mqtt.outbox</c>: the disk budget and durability of events waiting for the broker.</summary>
public sealed class OutboxOptions
{
    /// <summary>Stored bytes (topic + payload + per-row overhead) above which the oldest events are dropped and counted.</summary>
    [Range(0.01, 1_000_000)] public double MaxMegabytes { get; set; } = 256;
    /// <summary>Events older than this are dropped and counted (checked every minute and at start).</summary>
    [Range(0.01, 87_600)] public double MaxAgeHours { get; set; } = 168;
    /// <summary><c>normal</c>: SQLite WAL, synchronous=NORMAL: a committed event survives a crash or kill -9 of the
    /// agent; a power cut may lose the last commits. <c>full</c>: fsync on every commit, survives a power cut too.
    /// <c>off</c>: no fsync at all (tests, tmpfs).</summary>
    public OutboxFsync Fsync { get; set; } = OutboxFsync.Normal;
}

/// <summary><c>mqtt.outbox.fsync</c>, by the names written in agent.json (SQLite's <c>synchronous</c> levels).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<OutboxFsync>))]
public enum OutboxFsync
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("off")] Off,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("normal")] Normal,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("full")] Full,
}
