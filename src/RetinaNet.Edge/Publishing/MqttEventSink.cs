using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Publishing.Outbox;
using RetinaNet.Edge.Zones;

namespace RetinaNet.Edge.Publishing;

/// <summary>The MQTT side of the agent. History: every event is stamped (id, per-camera seq) and appended to the
/// durable <see cref="SqliteOutbox"/> before the call returns (QoS 0: a bounded memory queue instead). State: retained
/// values go to <see cref="RetainedState"/> (latest per topic). <see cref="MqttConnection"/> keeps the link and
/// <see cref="MqttPublisher"/> drains both. Never blocks the pipeline on the network.</summary>
internal sealed class MqttEventSink : IEventHistory, IRetainedState, IPublishingStatus, IStandaloneSink
{
    private readonly MqttOptions _mqtt;
    private readonly SqliteOutbox _outbox;
    private readonly Topics _topics;
    private readonly RetainedState _state = new();
    private readonly Channel<MqttApplicationMessage> _volatile;
    private readonly MqttConnection _connection;
    private readonly MqttPublisher _publisher;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private Task? _connectionLoop, _publishLoop;
    private long _volatileDropped;

    public MqttEventSink(Microsoft.Extensions.Options.IOptions<MqttOptions> options, AgentPaths paths, SqliteOutbox outbox, TimeProvider time, ILogger<MqttEventSink> logger, System.Diagnostics.Metrics.IMeterFactory? meters = null)
    {
        _mqtt = options.Value;
        _outbox = outbox;
        _logger = logger;
        _time = time;
        _topics = new Topics(_mqtt.TopicPrefix);
        _volatile = Channel.CreateBounded<MqttApplicationMessage>(new BoundedChannelOptions(_mqtt.QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            m => { Interlocked.Increment(ref _volatileDropped); Log.Dropped(_logger, m.Topic); });
        _connection = new MqttConnection(_mqtt, _topics, paths, time, logger);
        _publisher = new MqttPublisher(_connection, outbox, _state, _volatile, (MqttQualityOfServiceLevel)_mqtt.Qos, time, logger);
        _state.Changed += _publisher.Wake;
        if (meters is not null) PublishingMetrics.Create(meters, this); // the factory owns and disposes the meter
    }

    public Topics Topics => _topics;
    public SqliteOutbox Outbox => _outbox;
    public long Published => _publisher.Published;
    public long Failed => _publisher.Failed;
    public long Rejected => _publisher.Rejected;
    /// <summary>Events lost: QoS 0 queue overflow, outbox over budget or expired, outbox write failures.</summary>
    public long Dropped => Interlocked.Read(ref _volatileDropped) + _outbox.DroppedOverBudget + _outbox.Expired + _outbox.WriteFailures;
    public bool IsConnected => _connection.IsConnected;
    /// <summary>Why the broker is not connected, in words; null while connected.</summary>
    public string? ConnectionProblem => _connection.IsConnected ? null : _connection.Problem ?? "MQTT broker not connected";
    /// <summary>Events waiting for the broker (outbox and QoS 0 queue).</summary>
    public long Queued => _outbox.PendingCount + _volatile.Reader.Count;
    public int RetainedTopics => _state.Count;

    /// <summary>Called with the capture-to-PUBACK latency (ms) of every event the broker accepted.</summary>
    public event Action<double>? EventPublished
    {
        add => _publisher.EventPublished += value;
        remove => _publisher.EventPublished -= value;
    }

    public PublishedEvent Publish(TrackEvent e, long capturedTicks = 0) =>
        Append(e.Camera, e.TrackId, s => JsonSerializer.SerializeToUtf8Bytes(e with { Id = s.Id, Seq = s.Seq }, EventJsonContext.Default.TrackEvent),
            capturedTicks, e.Type == TrackEventType.End ? TrackLife.Closed : TrackLife.Open);

    /// <summary>Ends the tracks the previous run left open (it was killed before its <c>end</c> events): each gets an
    /// <c>end</c> with <c>"reason": "restart"</c>, its last published box and times, so consumers keep no ghost object.</summary>
    private void EndLeftOpen()
    {
        foreach (var (camera, trackId, payload) in _outbox.LeftOpen)
        {
            TrackEvent? last;
            try { last = JsonSerializer.Deserialize(payload, EventJsonContext.Default.TrackEvent); }
            catch (JsonException) { last = null; }
            if (last is null || last.Camera != camera || last.TrackId != trackId) continue;
            Publish(last with { Type = TrackEventType.End, Reason = EndReason.Restart, Snapshot = null });
        }
    }

    public PublishedEvent Publish(ZoneEvent e) =>
        Append(e.Camera, e.TrackId, s => JsonSerializer.SerializeToUtf8Bytes(e with { Id = s.Id, Seq = s.Seq }, ZoneJsonContext.Default.ZoneEvent), 0, TrackLife.None);

    /// <summary>Stamps, serializes (once) and stores the event; the bytes are returned for the other consumers.</summary>
    private PublishedEvent Append(string camera, int trackId, Func<EventStamp, byte[]> serialize, long capturedTicks, TrackLife life)
    {
        var topic = _topics.Events(camera);
        byte[]? payload = null;
        _outbox.Append(camera, trackId, s => (topic, payload = serialize(s)), capturedTicks, store: _mqtt.UsesOutbox, out var stamp, life);
        if (!_mqtt.UsesOutbox && payload is not null)
            _volatile.Writer.TryWrite(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce).Build());
        _publisher.Wake();
        return new PublishedEvent(stamp.Id, stamp.Seq, payload);
    }

    public void PublishCounts(string camera, IReadOnlyDictionary<string, int> counts)
    {
        foreach (var (label, count) in counts) _state.Set(_topics.Count(camera, label), Encoding.UTF8.GetBytes(count.ToString(CultureInfo.InvariantCulture)));
    }

    public void PublishValue(string camera, string path, string value) => _state.Set(_topics.Camera(camera, path), Encoding.UTF8.GetBytes(value));

    public void PublishRetained(string topic, string payload) => _state.Set(topic, Encoding.UTF8.GetBytes(payload));

    public void PublishSnapshot(string camera, byte[] jpeg) => _state.Set(_topics.Camera(camera, "snapshot"), jpeg);

    /// <summary>Deletes a removed camera's retained topics (everything under its topic, and <paramref name="others"/>,
    /// e.g. its discovery entries) at the broker.</summary>
    public void ClearCamera(string camera, IEnumerable<string> others)
    {
        var prefix = _topics.Camera(camera, "");
        var extra = others.ToHashSet(StringComparer.Ordinal);
        foreach (var t in extra) _state.Set(t, []);
        _state.Clear(t => t.StartsWith(prefix, StringComparison.Ordinal) && !extra.Contains(t));
    }

    /// <summary>Something was queued in the outbox besides events (a clip announcement): deliver it now.</summary>
    public void Wake() => _publisher.Wake();

    public PublishingCounters Counters() => new(IsConnected, ConnectionProblem, Published, Failed, Rejected, Dropped, Queued, RetainedTopics,
        new OutboxCounters(_outbox.Path, _outbox.PendingCount, Math.Round(_outbox.PendingBytes / 1048576.0, 3), _outbox.Appended, _outbox.DroppedOverBudget,
            _outbox.Expired, _outbox.WriteFailures, _outbox.Problem));

    public void PublishStatus(Cameras.CameraSnapshot status) =>
        _state.Set(_topics.Status(status.Camera), JsonSerializer.SerializeToUtf8Bytes(status, Cameras.StatusJsonContext.Default.CameraSnapshot), (uint)_mqtt.StatusExpirySeconds);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EndLeftOpen();
        _connectionLoop = Task.Run(() => _connection.RunAsync(_stop.Token), CancellationToken.None);
        _publishLoop = Task.Run(() => _publisher.RunAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Delivers what waits (at most 5 s while connected; the rest stays in the outbox for the next start),
    /// publishes <c>offline</c> and disconnects.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow().AddSeconds(5);
        _publisher.Wake();
        while (_connection.IsConnected && (Queued > 0 || _state.DirtyCount > 0) && _time.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, CancellationToken.None).ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_publishLoop is not null) await _publishLoop.ConfigureAwait(false);
        if (_connectionLoop is not null) await _connectionLoop.ConfigureAwait(false);
        _outbox.FlushAcknowledged();
        await _connection.CloseAsync().ConfigureAwait(false);
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return; // registered under several service types
        await _stop.CancelAsync().ConfigureAwait(false);
        _connection.Dispose();
        _stop.Dispose();
    }
}
