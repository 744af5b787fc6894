using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MQTTnet;

namespace RetinaNet.Edge.Tests.Integration.Fixtures;

/// <summary>A real MQTT subscriber (MQTTnet client) that records every message under a topic filter.</summary>
internal sealed class MqttCollector : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    public ConcurrentQueue<(string Topic, string Payload, bool Retain, DateTime At)> Messages { get; } = new();

    private MqttClientOptions? _options;
    private string _filter = "#";
    private volatile bool _disposed, _paused;

    /// <summary>Leaves cleanly (the persistent session stays on the broker and queues what arrives meanwhile) and
    /// stays away until <see cref="ResumeAsync"/>. Used before a broker is stopped: mosquitto does not keep the
    /// messages in flight to a connected subscriber across its own restart (up to max_inflight_messages are lost),
    /// while it does keep those queued for a session that is offline.</summary>
    public async Task PauseAsync()
    {
        _paused = true;
        if (_client.IsConnected) await _client.DisconnectAsync();
    }

    public async Task ResumeAsync()
    {
        _paused = false;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!_client.IsConnected && DateTime.UtcNow < deadline)
        {
            try
            {
                var r = await _client.ConnectAsync(_options);
                if (!r.IsSessionPresent) throw new InvalidOperationException("the broker lost the subscriber's session");
            }
            catch (Exception e) when (e is not InvalidOperationException && DateTime.UtcNow < deadline) { await Task.Delay(200); }
        }
    }

    /// <param name="persistentSession">A fixed client id with a persistent session and automatic reconnects: with
    /// mosquitto's persistence on, QoS 1 messages published while this subscriber was away are delivered later.</param>
    public static async Task<MqttCollector> ConnectAsync(int port, string filter = "#", bool persistentSession = false)
    {
        var c = new MqttCollector { _filter = filter };
        c._options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("test-" + Guid.NewGuid().ToString("N")[..8])
            .WithCleanSession(!persistentSession)
            // MQTT 3.1.1 for a persistent session: it outlives a clean DISCONNECT and a broker restart (persistence on).
            .WithProtocolVersion(persistentSession ? MQTTnet.Formatter.MqttProtocolVersion.V311 : MQTTnet.Formatter.MqttProtocolVersion.V500).Build();
        if (persistentSession)
        {
            c._client.DisconnectedAsync += async _ =>
            {
                while (!c._disposed && !c._paused)
                {
                    await Task.Delay(200);
                    try
                    {
                        var r = await c._client.ConnectAsync(c._options);
                        if (!r.IsSessionPresent) await c._client.SubscribeAsync(c._filter, MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
                        return;
                    }
                    catch (Exception) when (!c._disposed) { }
                }
            };
        }
        c._client.ApplicationMessageReceivedAsync += e =>
        {
            c.Messages.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload), e.ApplicationMessage.Retain, DateTime.UtcNow));
            return Task.CompletedTask;
        };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await c._client.ConnectAsync(c._options);
                break;
            }
            catch (Exception) when (DateTime.UtcNow < deadline) { await Task.Delay(200); }
        }
        await c._client.SubscribeAsync(filter, MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
        return c;
    }

    public IEnumerable<JsonElement> Events(string? type = null) =>
        Messages.Where(m => m.Topic.EndsWith("/events", StringComparison.Ordinal))
            .Select(m => JsonDocument.Parse(m.Payload).RootElement)
            .Where(e => type is null || e.GetProperty("type").GetString() == type);

    public JsonElement? LastStatus(string camera) =>
        Messages.Where(m => m.Topic.EndsWith($"/cameras/{camera}/status", StringComparison.Ordinal)).Select(m => (JsonElement?)JsonDocument.Parse(m.Payload).RootElement).LastOrDefault();

    public async Task<bool> WaitFor(Func<MqttCollector, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition(this)) return true;
            await Task.Delay(100);
        }
        return condition(this);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_client.IsConnected) await _client.DisconnectAsync();
        _client.Dispose();
    }
}
