using System.Net.Sockets;
using MQTTnet.Exceptions;
using MQTTnet.Adapter;
using MQTTnet;

namespace RetinaNet.Edge.Publishing;

/// <summary>Why a connection attempt failed, in words an operator understands ("bad user name or password",
/// "connection refused"). Never contains a secret: built from result codes and socket errors, not from messages
/// that could echo the configuration.</summary>
internal static class ConnectReason
{
    public static string Describe(Exception e) => e switch
    {
        BrokerRefusedException r => "broker refused the connection: " + Words(r.Code),
        MqttConnectingFailedException m when Code(m) is { } c => "broker refused the connection: " + Words(c),
        _ when Find<SocketException>(e) is { } s => s.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData => "host not found",
            SocketError.TimedOut => "timed out",
            SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
            SocketError.ConnectionReset => "connection reset",
            var code => Split(code.ToString()),
        },
        _ when Find<System.Security.Authentication.AuthenticationException>(e) is { } a => "TLS handshake failed: " + a.Message,
        OperationCanceledException or TimeoutException or MqttCommunicationTimedOutException => "timed out",
        MqttCommunicationException { InnerException: null } c => c.Message,
        _ => e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal) is { Length: > 0 } n ? Split(n) : "failed",
    };

    public static string Words(MqttClientConnectResultCode code) => code switch
    {
        MqttClientConnectResultCode.BadUserNameOrPassword => "bad user name or password",
        MqttClientConnectResultCode.NotAuthorized => "not authorized",
        MqttClientConnectResultCode.ServerUnavailable => "server unavailable",
        MqttClientConnectResultCode.ClientIdentifierNotValid => "client identifier not valid",
        MqttClientConnectResultCode.UnsupportedProtocolVersion => "unsupported protocol version",
        _ => Split(code.ToString()),
    };

    /// <summary>MQTTnet puts the CONNACK result code into the message only ("Connecting failed: NotAuthorized").</summary>
    public static MqttClientConnectResultCode? Code(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is BrokerRefusedException r) return r.Code;
            int colon = x.Message.LastIndexOf(':');
            if (x is MqttConnectingFailedException && colon >= 0
                && Enum.TryParse<MqttClientConnectResultCode>(x.Message[(colon + 1)..].Trim().TrimEnd('.'), ignoreCase: true, out var code)) return code;
        }
        return null;
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException) if (e is T t) return t;
        return null;
    }

    private static string Split(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
