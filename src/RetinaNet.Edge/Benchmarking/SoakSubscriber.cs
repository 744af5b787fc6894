using System.Text.Json;
using MQTTnet;

namespace RetinaNet.Edge.Benchmarking;

/// <summary>The soak's dashboard: a persistent-session MQTT subscriber (MQTT 3.1.1, QoS 1, fixed client id) that
/// counts every event by its camera's sequence number and its id. An event whose sequence number arrives twice with
/// the same id is a duplicate marked by id (at-least-once delivery); a sequence number never seen is a lost event.
/// Before each broker outage it leaves cleanly (mosquitto keeps what is queued for an offline session across its
/// restart, not what is in flight to a connected one) and comes back after.</summary>
internal sealed class SoakSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly MqttClientOptions _options;
    private readonly string _filter;
    private readonly Dictionary<string, Dictionary<long, Guid>> _seen = [];
    private long _events, _duplicates, _conflicts, _sessionsLost;
    private bool _subscribed;
    private readonly List<string> _unreadable = [];

    /// <summary>Messages on an event topic that could not be read as events (the first five).</summary>
    public IReadOnlyList<string> Unreadable { get { lock (_unreadable) return [.. _unreadable]; } }
    private volatile bool _away, _disposed;

    private SoakSubscriber(int port, string prefix)
    {
        _filter = $"{prefix}/cameras/+/#";
        _options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("soak-dashboard")
            .WithCleanSession(false).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311).Build();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Retain) return Task.CompletedTask;
            var payload = e.ApplicationMessage.ConvertPayloadToString();
            try { Count(payload); }
            catch (Exception x) when (x is JsonException or FormatException or InvalidOperationException)
            {
                lock (_unreadable) if (_unreadable.Count < 5) _unreadable.Add($"{e.ApplicationMessage.Topic}: {payload[..Math.Min(300, payload.Length)]} ({x.Message})");
            }
            return Task.CompletedTask;
        };
        _client.DisconnectedAsync += async _ =>
        {
            while (!_disposed && !_away && !_client.IsConnected)
            {
                await Task.Delay(500).ConfigureAwait(false);
                try { await ConnectOnceAsync().ConfigureAwait(false); }
                catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException) { }
            }
        };
    }

    public static async Task<SoakSubscriber> ConnectAsync(int port, string prefix)
    {
        var s = new SoakSubscriber(port, prefix);
        await s.ComeBackAsync().ConfigureAwait(false);
        return s;
    }

    /// <summary>Events received, counting duplicates once.</summary>
    public long Unique { get { lock (_seen) return _seen.Values.Sum(d => (long)d.Count); } }
    public long Received => Interlocked.Read(ref _events);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    /// <summary>The same sequence number with two ids: two events stamped alike (never expected).</summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    /// <summary>Sequence numbers missing per camera: from 1 to the highest seen.</summary>
    public IReadOnlyDictionary<string, long> Missing()
    {
        lock (_seen) return _seen.ToDictionary(kv => kv.Key, kv => kv.Value.Keys.Max() - kv.Value.Count);
    }

    /// <summary>The first missing sequence numbers per camera (at most 20 each), for the report.</summary>
    public IReadOnlyDictionary<string, long[]> MissingSeqs()
    {
        lock (_seen) return _seen.ToDictionary(kv => kv.Key, kv => Enumerable.Range(1, (int)kv.Value.Keys.Max()).Select(i => (long)i).Where(i => !kv.Value.ContainsKey(i)).Take(20).ToArray());
    }

    public async Task LeaveAsync()
    {
        _away = true;
        if (_client.IsConnected) await _client.DisconnectAsync().ConfigureAwait(false);
    }

    /// <summary>Reconnects the soak made at the end to have messages stuck in flight delivered again.</summary>
    public int Reconnects { get; set; }

    /// <summary>Times the broker had forgotten the session on a reconnect (what it had queued is gone with it).</summary>
    public long SessionsLost => Interlocked.Read(ref _sessionsLost);

    /// <summary>Reconnects (trying for 60 s) to the same session.</summary>
    public async Task ComeBackAsync()
    {
        _away = false;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!_client.IsConnected)
        {
            try { await ConnectOnceAsync().ConfigureAwait(false); }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException && DateTime.UtcNow < deadline) { await Task.Delay(300).ConfigureAwait(false); }
        }
    }

    private async Task ConnectOnceAsync()
    {
        var r = await _client.ConnectAsync(_options).ConfigureAwait(false);
        if (r.IsSessionPresent) return;
        if (_subscribed) Interlocked.Increment(ref _sessionsLost);
        await _client.SubscribeAsync(_filter, MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).ConfigureAwait(false);
        _subscribed = true;
    }

    private void Count(string payload)
    {
        if (payload.Length == 0 || payload[0] != '{') return;
        using var doc = JsonDocument.Parse(payload);
        var e = doc.RootElement;
        if (!e.TryGetProperty("seq", out var seq) || !e.TryGetProperty("id", out var id) || !e.TryGetProperty("camera", out var camera)) return;
        Interlocked.Increment(ref _events);
        lock (_seen)
        {
            var name = camera.GetString() ?? "";
            if (!_seen.TryGetValue(name, out var ids)) _seen[name] = ids = [];
            if (ids.TryGetValue(seq.GetInt64(), out var known)) Interlocked.Increment(ref known == id.GetGuid() ? ref _duplicates : ref _conflicts);
            else ids[seq.GetInt64()] = id.GetGuid();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_client.IsConnected) await _client.DisconnectAsync().ConfigureAwait(false);
        _client.Dispose();
    }
}
