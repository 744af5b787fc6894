using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Polly;
using Polly.Retry;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Publishing;

/// <summary>The broker connection: connects with a Polly retry (exponential backoff with jitter from 0.25 s, capped
/// at <c>mqtt.reconnectMaxSeconds</c>, on the injected <see cref="TimeProvider"/>), announces <c>online</c>, then
/// watches the link with a ping every half keep-alive period and reconnects when it drops. MQTT 5 where the broker
/// speaks it, 3.1.1 otherwise. A refused connection is logged with the broker's reason, once per change of reason.</summary>
internal sealed class MqttConnection : IDisposable
{
    private readonly MqttOptions _mqtt;
    private readonly AgentPaths _paths;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Topics _topics;
    private readonly ResiliencePipeline _retry;
    private readonly string _host;
    private readonly int _port;
    private MqttProtocolVersion _protocol;
    private string? _lastReason;
    private int _generation;
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MqttConnection(MqttOptions m, Topics topics, AgentPaths paths, TimeProvider time, ILogger logger)
    {
        _mqtt = m;
        _paths = paths;
        _time = time;
        _logger = logger;
        _topics = topics;
        _host = m.Embedded ? "127.0.0.1" : m.Host!;
        _port = m.Embedded ? m.EmbeddedPort : m.Port;
        _protocol = m.Protocol == MqttProtocol.V311 ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500;
        Client = new MqttClientFactory().CreateMqttClient();
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException || !_stopping),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(0.25),
                MaxDelay = TimeSpan.FromSeconds(m.ReconnectMaxSeconds),
                OnRetry = args =>
                {
                    Attempts++;
                    ReportFailure(args.Outcome.Exception!, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private volatile bool _stopping;

    public IMqttClient Client { get; }
    public bool IsConnected => Client.IsConnected;
    /// <summary>Why the agent is not connected, in words, or null while connected.</summary>
    public string? Problem { get; private set; } = "MQTT broker not connected yet";
    /// <summary>Grows by one with every successful connection (the publisher republishes state when it changes).</summary>
    public int Generation => Volatile.Read(ref _generation);
    public MqttProtocolVersion Protocol => _protocol;
    public long Attempts { get; private set; }
    public string Endpoint => $"{_host}:{_port}";

    /// <summary>Completes when connected (immediately if connected now).</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken) =>
        Client.IsConnected ? Task.CompletedTask : Volatile.Read(ref _connected).Task.WaitAsync(cancellationToken);

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _retry.ExecuteAsync(ConnectOnceAsync, stop).ConfigureAwait(false);
                await WatchAsync(stop).ConfigureAwait(false);
            }
            // Stopping: whatever the client throws then (a ping timing out as the agent stops under load, a
            // cancelled connect) ends the loop quietly; the sink's stop must not fail because of it.
            catch (Exception) when (stop.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                // Never ends while the agent runs: anything unforeseen is logged and the link is made again.
                Log.ConnectionLost(_logger, Endpoint, ConnectReason.Describe(e));
                try { await Task.Delay(TimeSpan.FromSeconds(1), _time, stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    private async ValueTask ConnectOnceAsync(CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            if (Client.IsConnected) await Client.DisconnectAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            var result = await Client.ConnectAsync(MqttClientOptionsFactory.Create(_mqtt, _topics, _paths, _protocol), timeout.Token).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success) throw new BrokerRefusedException(result.ResultCode, result.ReasonString);
        }
        catch (Exception e) when (ConnectReason.Code(e) == MqttClientConnectResultCode.UnsupportedProtocolVersion
            && _protocol == MqttProtocolVersion.V500 && _mqtt.Protocol == MqttProtocol.Auto)
        {
            _protocol = MqttProtocolVersion.V311; // an MQTT 3.1.1 broker: retried at once with 3.1.1
            Log.ProtocolFallback(_logger, Endpoint);
            throw;
        }
        await Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(_topics.Availability).WithPayload("online")
            .WithRetainFlag(true).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token).ConfigureAwait(false);
        Problem = null;
        _lastReason = null;
        Interlocked.Increment(ref _generation);
        Log.Connected(_logger, _host, _port, _protocol == MqttProtocolVersion.V500 ? "5" : "3.1.1");
        Interlocked.Exchange(ref _connected, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Pings every half keep-alive period until the link fails; returns so that the caller reconnects.</summary>
    private async Task WatchAsync(CancellationToken stop)
    {
        var keepAlive = TimeSpan.FromSeconds(_mqtt.KeepAliveSeconds);
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(keepAlive / 2, _time, stop).ConfigureAwait(false);
            try
            {
                if (!Client.IsConnected) throw new MQTTnet.Exceptions.MqttCommunicationException("connection lost");
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                timeout.CancelAfter(keepAlive < TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : keepAlive);
                await Client.PingAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                Problem = "MQTT broker " + Endpoint + ": connection lost";
                Log.ConnectionLost(_logger, Endpoint, ConnectReason.Describe(e));
                _lastReason = "connection lost";
                try { await Client.DisconnectAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false); } catch (Exception) { /* already gone */ }
                return;
            }
            catch (Exception) { return; } // stopping: a ping cut short by the stop is not a lost connection
        }
    }

    private void ReportFailure(Exception e, TimeSpan delay)
    {
        var reason = ConnectReason.Describe(e);
        Problem = $"MQTT broker {Endpoint}: {reason}";
        if (reason == _lastReason) return; // once per change of reason
        _lastReason = reason;
        Log.ConnectFailed(_logger, _host, _port, reason, delay.TotalSeconds);
    }

    /// <summary>Publishes <c>offline</c> and disconnects (shutdown).</summary>
    public async Task CloseAsync()
    {
        _stopping = true;
        if (!Client.IsConnected) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(_topics.Availability).WithPayload("offline").WithRetainFlag(true)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token).ConfigureAwait(false);
            await Client.DisconnectAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException) { /* the broker's last will says offline anyway */ }
    }

    public void Dispose() => Client.Dispose();
}
