using RetinaNet.Edge.Tests.Integration.Fixtures;

namespace RetinaNet.Edge.Tests.Integration;

[Collection("integration")]
public class DiscoveryIntegrationTests(SyntheticVideo video)
{
    [Fact]
    public async Task Run_DiscoveryEnabled_RetainedConfigsAndInitialCountsOnMosquitto()
    {
        using var broker = new Mosquitto();
        await broker.StartAsync();
        var agentJson = AgentHarness.AgentJson(broker.Port).Replace("\"topicPrefix\": \"test\"", "\"topicPrefix\": \"test\", \"homeAssistantDiscovery\": true", StringComparison.Ordinal);
        await using (var agent = await AgentHarness.StartAsync(agentJson,
            ("cam1", $$"""{ "name": "cam1", "url": "{{video.Path}}", "loop": true, "zones": [ { "name": "left", "points": [[0, 0], [320, 0], [320, 360], [0, 360]] } ] }""")))
        {
            await using var early = await MqttCollector.ConnectAsync(broker.Port, "homeassistant/#");
            Assert.True(await early.WaitFor(s => s.Messages.Count >= 9, TimeSpan.FromSeconds(20)));
        }
        // Retained: a dashboard connecting later still discovers everything.
        await using var late = await MqttCollector.ConnectAsync(broker.Port, "#");
        Assert.True(await late.WaitFor(s => s.Messages.Count(m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal)) == 9, TimeSpan.FromSeconds(10)));
        Assert.All(late.Messages.Where(m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal)), m => Assert.True(m.Retain));
        Assert.Contains(late.Messages, m => m.Topic == "test/cameras/cam1/zones/left/count");
        Assert.Contains(late.Messages, m => m.Topic == "test/cameras/cam1/counts/triangle");
    }
}
