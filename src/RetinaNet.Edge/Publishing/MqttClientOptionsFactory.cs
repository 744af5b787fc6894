using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Publishing;

/// <summary>MQTTnet client options from <c>mqtt</c>: endpoint, credentials, TLS, the <c>offline</c> last will.</summary>
internal static class MqttClientOptionsFactory
{
    public static MqttClientOptions Create(MqttOptions m, Topics topics, AgentPaths paths, MqttProtocolVersion protocol)
    {
        var b = new MqttClientOptionsBuilder()
            .WithTcpServer(m.Embedded ? "127.0.0.1" : m.Host!, m.Embedded ? m.EmbeddedPort : m.Port)
            .WithProtocolVersion(protocol)
            .WithClientId(m.ClientId ?? $"retinanet-edge-{Environment.MachineName}")
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(m.KeepAliveSeconds))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithCleanSession(true)
            .WithWillTopic(topics.Availability)
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
                    var ca = X509CertificateLoader.LoadCertificateFromFile(paths.Resolve(m.CaFile));
                    o.WithTrustChain([ca]);
                }
                if (m.ClientCertFile is not null)
                {
                    var cert = m.ClientKeyFile is null
                        ? X509CertificateLoader.LoadPkcs12FromFile(paths.Resolve(m.ClientCertFile), password)
                        : X509Certificate2.CreateFromPemFile(paths.Resolve(m.ClientCertFile), paths.Resolve(m.ClientKeyFile));
                    o.WithClientCertificates([cert]);
                }
            });
        }
        return b.Build();
    }
}
