using System.Diagnostics;
using RetinaNet.Edge.Tests.Integration.Fixtures;

namespace RetinaNet.Edge.Tests.Integration;

[Collection("integration")]
public class MqttTlsTests(SyntheticVideo video)
{
    [Fact]
    public async Task Run_MosquittoTlsWithClientCertificate_EventsDelivered()
    {
        var certs = new TestCertificates();
        using var broker = new Mosquitto(certs);
        await broker.StartAsync();
        var agentJson = $$"""
            {
              "model": { "path": "{{RepoPaths.DemoModel}}" },
              "inference": { "providers": ["cpu"] },
              "http": { "port": 0 },
              "mqtt": { "host": "127.0.0.1", "port": {{broker.Port}}, "topicPrefix": "tls", "tls": true,
                        "caFile": "{{certs.CaCert}}", "clientCertFile": "{{certs.ClientCert}}", "clientKeyFile": "{{certs.ClientKey}}" }
            }
            """;
        await using var agent = await AgentHarness.StartAsync(agentJson,
            ("cam1", $$"""{ "name": "cam1", "url": "{{video.Path}}", "realTime": false, "detectFps": 15 }"""));
        var clock = Stopwatch.StartNew();
        while (agent.Sink.Published == 0 && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(100);
        Assert.True(agent.Sink.IsConnected, "the agent did not connect over TLS");
        Assert.True(agent.Sink.Published > 0);

        // A real subscriber over the same TLS listener sees the retained availability message.
        var psi = new ProcessStartInfo("mosquitto_sub") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-h", "127.0.0.1", "-p", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cafile", certs.CaCert,
                     "--cert", certs.ClientCert, "--key", certs.ClientKey, "-t", "tls/availability", "-C", "1", "-W", "10", "-i", "tls-test" })
            psi.ArgumentList.Add(a);
        using var sub = Process.Start(psi)!;
        var line = await sub.StandardOutput.ReadLineAsync();
        await sub.WaitForExitAsync();
        Assert.Equal("online", line);
    }
}
