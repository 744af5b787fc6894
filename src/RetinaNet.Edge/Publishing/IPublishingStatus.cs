namespace RetinaNet.Edge.Publishing;

/// <summary>How publishing is doing, for readers outside it (readiness, <c>PREFIX/stats</c>): the broker connection and
/// the delivery counters. Publishing's other seams are <see cref="Events.IEventHistory"/> (events) and
/// <see cref="Events.IRetainedState"/> (latest values).</summary>
internal interface IPublishingStatus
{
    /// <summary>Why events are not being delivered now (null while connected).</summary>
    string? ConnectionProblem { get; }

    PublishingCounters Counters();

    /// <summary>An event was acknowledged by the broker, with its milliseconds from capture (benches, latency).</summary>
    event Action<double>? EventPublished;
}

/// <summary>Delivery counters at one moment (the <c>mqtt</c> object of <c>PREFIX/stats</c>).</summary>
internal sealed record PublishingCounters(bool Connected, string? Problem, long Published, long Failed, long Rejected, long Dropped, long Queued,
    int RetainedTopics, OutboxCounters Outbox);

/// <summary>The durable outbox's counters (<c>mqtt.outbox</c> of <c>PREFIX/stats</c>).</summary>
internal sealed record OutboxCounters(string? Path, long Pending, double Megabytes, long Appended, long DroppedOverBudget, long Expired, long WriteFailures, string? Problem);
