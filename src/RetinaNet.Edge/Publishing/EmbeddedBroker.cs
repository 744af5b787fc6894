using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet.Server;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Publishing;

/// <summary>MQTTnet's broker on 127.0.0.1 when no broker is configured, so a fresh machine needs no setup.</summary>
internal sealed class EmbeddedBroker(Microsoft.Extensions.Options.IOptions<MqttOptions> mqttOptions, ILogger<EmbeddedBroker> logger) : IHostedService, IDisposable
{
    private MqttServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var mqtt = mqttOptions.Value;
        if (!mqtt.Embedded) return;
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(mqtt.EmbeddedPort)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(options);
        _server.ValidatingConnectionAsync += e =>
        {
            // Clients such as mosquitto_sub connect with an empty client id and expect the broker to assign one.
            if (string.IsNullOrEmpty(e.ClientId)) e.AssignedClientIdentifier = "client-" + Guid.NewGuid().ToString("N")[..12];
            return Task.CompletedTask;
        };
        await _server.StartAsync().ConfigureAwait(false);
        Log.EmbeddedBroker(logger, mqtt.EmbeddedPort);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null) await _server.StopAsync().ConfigureAwait(false);
    }

    public void Dispose() => _server?.Dispose();
}
