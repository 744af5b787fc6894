using System.Net.Sockets;
using MQTTnet;
using RetinaNet.Edge.Publishing;

namespace RetinaNet.Edge.Tests.Publishing;

public class ConnectReasonTests
{
    [Theory]
    [InlineData(MqttClientConnectResultCode.BadUserNameOrPassword, "bad user name or password")]
    [InlineData(MqttClientConnectResultCode.NotAuthorized, "not authorized")]
    [InlineData(MqttClientConnectResultCode.ServerUnavailable, "server unavailable")]
    [InlineData(MqttClientConnectResultCode.QuotaExceeded, "quota exceeded")]
    public void Describe_BrokerRefused_ReasonInWords(MqttClientConnectResultCode code, string words)
    {
        Assert.Equal("broker refused the connection: " + words, ConnectReason.Describe(new BrokerRefusedException(code, null)));
        Assert.Equal("broker refused the connection: " + words, ConnectReason.Describe(new MQTTnet.Adapter.MqttConnectingFailedException($"Connecting failed: {code}", null)));
    }

    [Fact]
    public void Describe_SocketRefused_ConnectionRefused() =>
        Assert.Equal("connection refused", ConnectReason.Describe(new MQTTnet.Exceptions.MqttCommunicationException(new SocketException((int)SocketError.ConnectionRefused))));
}
