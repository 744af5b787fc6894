using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using RetinaNet.Edge.Publishing.Outbox;

namespace RetinaNet.Edge.Publishing;

/// <summary>The one loop that talks to the broker while connected: changed retained state first (latest value per
/// topic, all of it again after a reconnect), then QoS 0 messages, then the outbox in append order, each event
/// deleted only after its PUBACK. A failed publish leaves the event first in line for the next connection.</summary>
internal sealed class MqttPublisher(MqttConnection connection, SqliteOutbox outbox, RetainedState state, Channel<MqttApplicationMessage> volatileQueue,
    MqttQualityOfServiceLevel qos, TimeProvider time, ILogger logger)
{
    private const int BatchSize = 256;
    private readonly Channel<byte> _wake = Channel.CreateBounded<byte>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _published, _failed, _rejected;

    public long Published => Interlocked.Read(ref _published);
    public long Failed => Interlocked.Read(ref _failed);
    /// <summary>Events the broker refused for good (e.g. not authorized for the topic): logged and removed, so that
    /// one bad message cannot hold back every later event.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Called with the capture-to-PUBACK latency (ms) of every event the broker acknowledged.</summary>
    public event Action<double>? EventPublished;

    public void Wake() => _wake.Writer.TryWrite(0);

    public async Task RunAsync(CancellationToken stop)
    {
        int generation = 0;
        long lastSent = 0;
        var nextExpiry = time.GetUtcNow().AddMinutes(1);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await connection.WaitConnectedAsync(stop).ConfigureAwait(false);
                if (connection.Generation != generation)
                {
                    generation = connection.Generation;
                    state.MarkAllDirty();
                    lastSent = 0; // anything sent but not acknowledged goes again
                }
                if (time.GetUtcNow() >= nextExpiry)
                {
                    outbox.ExpireOld();
                    nextExpiry = time.GetUtcNow().AddMinutes(1);
                }
                bool ok = await PublishStateAsync(stop).ConfigureAwait(false) && await PublishVolatileAsync(stop).ConfigureAwait(false);
                var batch = ok ? outbox.ReadAfter(lastSent, BatchSize) : [];
                foreach (var message in batch)
                {
                    if (!outbox.BeginSend(message)) { lastSent = message.Id; continue; } // dropped by the budget meanwhile
                    var result = await TrySendAsync(message.Topic, message.Payload, retain: false, 0, stop).ConfigureAwait(false);
                    if (result == SendResult.Failed) { outbox.SendFailed(message); ok = false; break; }
                    outbox.Acknowledge(message);
                    lastSent = message.Id;
                    if (result == SendResult.Accepted && message.CapturedTicks != 0)
                        EventPublished?.Invoke(Stopwatch.GetElapsedTime(message.CapturedTicks).TotalMilliseconds);
                    if (state.DirtyCount > 0 && !await PublishStateAsync(stop).ConfigureAwait(false)) { ok = false; break; }
                }
                if (!ok)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), time, stop).ConfigureAwait(false);
                    continue;
                }
                if (batch.Count == 0)
                {
                    outbox.FlushAcknowledged();
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    idle.CancelAfter(TimeSpan.FromSeconds(1));
                    try { await _wake.Reader.ReadAsync(idle.Token).ConfigureAwait(false); }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested) { /* periodic look */ }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
    }

    private async Task<bool> PublishStateAsync(CancellationToken stop)
    {
        while (state.TryTakeDirty(out var value))
        {
            if (await TrySendAsync(value.Topic, value.Payload, retain: true, value.ExpirySeconds, stop).ConfigureAwait(false) == SendResult.Failed)
            {
                state.MarkDirty(value.Topic);
                return false;
            }
        }
        return true;
    }

    private async Task<bool> PublishVolatileAsync(CancellationToken stop)
    {
        while (volatileQueue.Reader.TryPeek(out var message))
        {
            try
            {
                await connection.Client.PublishAsync(message, stop).ConfigureAwait(false);
                volatileQueue.Reader.TryRead(out _);
                Interlocked.Increment(ref _published);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failed);
                return false;
            }
        }
        return true;
    }

    private enum SendResult { Accepted, Rejected, Failed }

    private async Task<SendResult> TrySendAsync(string topic, byte[] payload, bool retain, uint expirySeconds, CancellationToken stop)
    {
        var builder = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).WithRetainFlag(retain);
        if (expirySeconds > 0 && connection.Protocol == MqttProtocolVersion.V500) builder = builder.WithMessageExpiryInterval(expirySeconds);
        try
        {
            var result = await connection.Client.PublishAsync(builder.Build(), stop).ConfigureAwait(false);
            if (result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers)
            {
                Interlocked.Increment(ref _published);
                return SendResult.Accepted;
            }
            Interlocked.Increment(ref _rejected);
            Log.PublishRejected(logger, topic, result.ReasonCode.ToString());
            return SendResult.Rejected;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { throw; }
        catch (Exception)
        {
            Interlocked.Increment(ref _failed); // the connection watcher notices and reconnects
            return SendResult.Failed;
        }
    }
}
