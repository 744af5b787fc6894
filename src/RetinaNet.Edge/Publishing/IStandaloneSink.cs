namespace RetinaNet.Edge.Publishing;

/// <summary>The publishing stage as one object without a host (the outbox and publishing benchmarks): events in,
/// through the durable outbox, to the broker, and how delivery is going.</summary>
internal interface IStandaloneSink : Events.IEventHistory, IPublishingStatus, IHostedService, IAsyncDisposable
{
    Outbox.SqliteOutbox Outbox { get; }
    bool IsConnected { get; }
    /// <summary>Events the broker acknowledged.</summary>
    long Published { get; }
    /// <summary>Events given up (volatile queue full, over the outbox budget, expired, not writable).</summary>
    long Dropped { get; }
}
