using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;

namespace RetinaNet.Edge.Publishing;

/// <summary>Publishes events, counts and status with MQTTnet. The pipeline only enqueues into a bounded queue
/// (overflow is dropped and counted); a background loop publishes, and keeps a message until the broker took it,
/// across reconnects. A ping loop notices a dead connection and reconnects with backoff. Availability is retained
/// "online" with a last will "offline".</summary>
internal sealed class MqttEventSink : IEventSink, IHostedService, IAsyncDisposable
{
    private readonly AgentConfig _config;
    private readonly ILogger _logger;
    private readonly Channel<MqttApplicationMessage> _queue;
    private readonly IMqttClient _client;
    private readonly Topics _topics;
    private readonly MqttQualityOfServiceLevel _qos;
    private readonly CancellationTokenSource _stop = new();
    private Task? _publishLoop, _pingLoop;
    private long _published, _dropped, _failed;

    public MqttEventSink(AgentConfig config, ILogger<MqttEventSink> logger)
    {
        _config = config;
        _logger = logger;
        var mqtt = config.Agent.Mqtt;
        _topics = new Topics(mqtt.TopicPrefix);
        _qos = (MqttQualityOfServiceLevel)mqtt.Qos;
        _queue = Channel.CreateBounded<MqttApplicationMessage>(new BoundedChannelOptions(mqtt.QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            m => { Interlocked.Increment(ref _dropped); Log.Dropped(_logger, m.Topic); });
        _client = new MqttClientFactory().CreateMqttClient();
    }

    public Topics Topics => _topics;
    public long Published => Interlocked.Read(ref _published);
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Failed => Interlocked.Read(ref _failed);
    public bool IsConnected => _client.IsConnected;
    public int Queued => _queue.Reader.Count;

    public void Publish(TrackEvent e, long capturedTicks = 0) =>
        Enqueue(_topics.Events(e.Camera), JsonSerializer.SerializeToUtf8Bytes(e, EventJsonContext.Default.TrackEvent), retain: false, capturedTicks);

    /// <summary>Called with the capture-to-publish latency (ms) of every event the broker accepted.</summary>
    public event Action<double>? EventPublished;

    public void PublishCounts(string camera, IReadOnlyDictionary<string, int> counts)
    {
        foreach (var (label, count) in counts) Enqueue(_topics.Count(camera, label), Encoding.UTF8.GetBytes(count.ToString(System.Globalization.CultureInfo.InvariantCulture)), retain: true);
    }

    public void Publish(RetinaNet.Edge.Zones.ZoneEvent e) =>
        Enqueue(_topics.Events(e.Camera), JsonSerializer.SerializeToUtf8Bytes(e, RetinaNet.Edge.Zones.ZoneJsonContext.Default.ZoneEvent), retain: false);

    public void PublishValue(string camera, string path, string value) => Enqueue(_topics.Camera(camera, path), Encoding.UTF8.GetBytes(value), retain: true);

    public void PublishRetained(string topic, string payload) => Enqueue(topic, Encoding.UTF8.GetBytes(payload), retain: true);

    public void PublishSnapshot(string camera, byte[] jpeg) => Enqueue(_topics.Camera(camera, "snapshot"), jpeg, retain: true);

    public void PublishStatus(string camera, string statusJson) => Enqueue(_topics.Status(camera), Encoding.UTF8.GetBytes(statusJson), retain: true);

    private void Enqueue(string topic, byte[] payload, bool retain, long capturedTicks = 0)
    {
        var m = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(_qos).WithRetainFlag(retain).Build();
        if (capturedTicks != 0) _capturedAt.AddOrUpdate(m, capturedTicks);
        _queue.Writer.TryWrite(m);
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<MqttApplicationMessage, object> _capturedAt = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _pingLoop = Task.Run(() => ConnectionLoop(_stop.Token), CancellationToken.None);
        _publishLoop = Task.Run(() => PublishLoop(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private MqttClientOptions ClientOptions()
    {
        var m = _config.Agent.Mqtt;
        string host = m.Embedded ? "127.0.0.1" : m.Host!;
        int port = m.Embedded ? m.EmbeddedPort : m.Port;
        var b = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(m.ClientId ?? $"retinanet-edge-{Environment.MachineName}")
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(m.KeepAliveSeconds))
            .WithCleanSession(true)
            .WithWillTopic(_topics.Availability)
            .WithWillPayload("offline")
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        var password = m.PasswordEnv is { } env ? Environment.GetEnvironmentVariable(env) : m.Password;
        if (m.Username is not null) b = b.WithCredentials(m.Username, password);
        if (m.Tls)
        {
            b = b.WithTlsOptions(o =>
            {
                o.UseTls();
                if (m.CaFile is not null)
                {
                    var ca = X509CertificateLoader.LoadCertificateFromFile(ConfigLoader.Resolve(_config.BaseDirectory, m.CaFile));
                    o.WithTrustChain([ca]);
                }
                if (m.ClientCertFile is not null)
                {
                    var cert = m.ClientKeyFile is null
                        ? X509CertificateLoader.LoadPkcs12FromFile(ConfigLoader.Resolve(_config.BaseDirectory, m.ClientCertFile), password)
                        : X509Certificate2.CreateFromPemFile(ConfigLoader.Resolve(_config.BaseDirectory, m.ClientCertFile), ConfigLoader.Resolve(_config.BaseDirectory, m.ClientKeyFile));
                    o.WithClientCertificates([cert]);
                }
            });
        }
        return b.Build();
    }

    /// <summary>Connects, then pings every keep-alive period; reconnects with exponential backoff when the ping fails.</summary>
    private async Task ConnectionLoop(CancellationToken stop)
    {
        var m = _config.Agent.Mqtt;
        string host = m.Embedded ? "127.0.0.1" : m.Host!;
        int port = m.Embedded ? m.EmbeddedPort : m.Port;
        double delay = 1;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!_client.IsConnected)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    timeout.CancelAfter(TimeSpan.FromSeconds(10));
                    await _client.ConnectAsync(ClientOptions(), timeout.Token).ConfigureAwait(false);
                    await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(_topics.Availability).WithPayload("online")
                        .WithRetainFlag(true).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), stop).ConfigureAwait(false);
                    Log.Connected(_logger, host, port);
                    delay = 1;
                }
                else
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(2, m.KeepAliveSeconds)));
                    await _client.PingAsync(timeout.Token).ConfigureAwait(false);
                }
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, m.KeepAliveSeconds / 2.0)), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                Log.ConnectFailed(_logger, host, port, e.Message, delay);
                try { if (_client.IsConnected) await _client.DisconnectAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false); } catch (Exception) { }
                try { await Task.Delay(TimeSpan.FromSeconds(delay * (0.8 + 0.4 * Random.Shared.NextDouble())), stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
                delay = Math.Min(delay * 2, 30);
            }
        }
    }

    private async Task PublishLoop(CancellationToken stop)
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stop).ConfigureAwait(false))
            {
                while (reader.TryPeek(out var message))
                {
                    if (!_client.IsConnected) { await Task.Delay(200, stop).ConfigureAwait(false); continue; }
                    try
                    {
                        await _client.PublishAsync(message, stop).ConfigureAwait(false);
                        reader.TryRead(out _);
                        Interlocked.Increment(ref _published);
                        if (_capturedAt.TryGetValue(message, out var ticks))
                            EventPublished?.Invoke(System.Diagnostics.Stopwatch.GetElapsedTime((long)ticks).TotalMilliseconds);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested) { throw; }
                    catch (Exception)
                    {
                        Interlocked.Increment(ref _failed); // kept at the head of the queue; retried once reconnected
                        await Task.Delay(500, stop).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Flushes what is queued (bounded wait), marks the agent offline and disconnects.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (_queue.Reader.Count > 0 && _client.IsConnected && DateTime.UtcNow < deadline) await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_publishLoop is not null) await _publishLoop.ConfigureAwait(false);
        if (_pingLoop is not null) await _pingLoop.ConfigureAwait(false);
        if (_client.IsConnected)
        {
            try
            {
                await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(_topics.Availability).WithPayload("offline").WithRetainFlag(true)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), CancellationToken.None).ConfigureAwait(false);
                await _client.DisconnectAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception) { }
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return; // registered under several service types
        await _stop.CancelAsync().ConfigureAwait(false);
        _client.Dispose();
        _stop.Dispose();
    }
}
