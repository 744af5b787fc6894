using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using RetinaNet.Edge.Publishing.Outbox;

namespace RetinaNet.Edge.Publishing;

/// <summary>agent.json <c>mqtt</c>: the broker, the connection policy, topics and the durable outbox.</summary>
public sealed class MqttOptions
{
    /// <summary>Broker host; null or empty runs the embedded broker on 127.0.0.1.</summary>
    [RegularExpression(@"^$|^[A-Za-z0-9]([A-Za-z0-9\-\.]{0,251}[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:\.]+\]?$", ErrorMessage = "must be a host name or an IP address")]
    public string? Host { get; set; }
    [Range(1, 65535)] public int Port { get; set; } = 1883;
    public string? Username { get; set; }
    /// <summary>Password; prefer <see cref="PasswordEnv"/>.</summary>
    public string? Password { get; set; }
    /// <summary>Environment variable holding the password.</summary>
    public string? PasswordEnv { get; set; }
    public string? ClientId { get; set; }
    /// <summary>QoS of events: 1 (default) goes through the durable outbox and is deleted only after the broker's
    /// PUBACK; 0 skips the outbox (fire and forget, bounded memory queue); 2 also uses the outbox.</summary>
    [Range(0, 2)] public int Qos { get; set; } = 1;
    [Range(1, 3600)] public int KeepAliveSeconds { get; set; } = 15;
    /// <summary>MQTT protocol: <c>auto</c> (5, falling back to 3.1.1 when the broker refuses 5), <c>5</c> or <c>3.1.1</c>.</summary>
    public MqttProtocol Protocol { get; set; } = MqttProtocol.Auto;
    /// <summary>Cap of the reconnect backoff (exponential with jitter from 0.25 s): a returning broker is used within this.</summary>
    [Range(0.5, 300)] public double ReconnectMaxSeconds { get; set; } = 5;
    /// <summary>MQTT 5: how long the broker keeps a retained camera status after the agent stopped refreshing it (0: forever).</summary>
    [Range(0, 86_400)] public int StatusExpirySeconds { get; set; } = 600;
    [Required, RegularExpression(@"^[^#+\u0000]{1,200}$", ErrorMessage = "must be 1-200 characters without MQTT wildcards")] public string TopicPrefix { get; set; } = "retinanet";
    public bool Tls { get; set; }
    public string? CaFile { get; set; }
    public string? ClientCertFile { get; set; }
    public string? ClientKeyFile { get; set; }
    /// <summary>QoS 0 only: messages buffered in memory while the broker is away; overflow is dropped and counted.</summary>
    [Range(1, 1_000_000)] public int QueueCapacity { get; set; } = 1000;
    [Range(1, 86400)] public double StatsIntervalSeconds { get; set; } = 30;
    /// <summary>Publish Home Assistant MQTT discovery messages (retained) for every camera.</summary>
    public bool HomeAssistantDiscovery { get; set; }
    [Required, RegularExpression(@"^[^#+\u0000]{1,200}$", ErrorMessage = "must be 1-200 characters without MQTT wildcards")] public string DiscoveryPrefix { get; set; } = "homeassistant";
    /// <summary>Port of the embedded broker when <see cref="Host"/> is empty.</summary>
    [Range(1, 65535)] public int EmbeddedPort { get; set; } = 1883;
    /// <summary>The durable event outbox in the state folder.</summary>
    [Required, Microsoft.Extensions.Options.ValidateObjectMembers] public OutboxOptions Outbox { get; set; } = new();

    [JsonIgnore] public bool Embedded => string.IsNullOrWhiteSpace(Host);
    [JsonIgnore] public bool UsesOutbox => Qos > 0;
}

/// <summary><c>mqtt.protocol</c>, by the names written in agent.json.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<MqttProtocol>))]
public enum MqttProtocol
{
    /// <summary>MQTT 5, falling back to 3.1.1 when the broker refuses 5.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("auto")] Auto,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("5")] V5,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("3.1.1")] V311,
}
