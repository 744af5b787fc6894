using MQTTnet;

namespace RetinaNet.Edge.Publishing;

/// <summary>The broker answered CONNECT with a failure code.</summary>
internal sealed class BrokerRefusedException(MqttClientConnectResultCode code, string? reason)
    : Exception($"broker refused the connection: {ConnectReason.Words(code)}{(string.IsNullOrEmpty(reason) ? "" : $" ({reason})")}")
{
    public MqttClientConnectResultCode Code { get; } = code;
}
