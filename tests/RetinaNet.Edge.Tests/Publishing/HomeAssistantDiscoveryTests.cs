using System.Text.Json;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Publishing;
using RetinaNet.Edge.Zones;

namespace RetinaNet.Edge.Tests.Publishing;

public class HomeAssistantDiscoveryTests
{
    [Fact]
    public void Messages_CameraWithLabelsAndZone_CountOccupancyAndZoneEntities()
    {
        var camera = new CameraOptions { Name = "Drive-Way", Labels = ["person", "sports ball"], Zones = [new ZoneOptions { Name = "porch" }] };
        var messages = HomeAssistantDiscovery.Messages(new MqttOptions { TopicPrefix = "edge" }, new Topics("edge"), camera, ["unused"]).ToList();
        Assert.Equal(
        [
            "homeassistant/sensor/retinanet_drive_way/person_count/config",
            "homeassistant/binary_sensor/retinanet_drive_way/person_occupancy/config",
            "homeassistant/sensor/retinanet_drive_way/sports_ball_count/config",
            "homeassistant/binary_sensor/retinanet_drive_way/sports_ball_occupancy/config",
            "homeassistant/sensor/retinanet_drive_way/zone_porch_count/config",
        ], messages.Select(m => m.Topic));
        var occupancy = JsonDocument.Parse(messages[1].Payload).RootElement;
        Assert.Equal("occupancy", occupancy.GetProperty("device_class").GetString());
        Assert.Equal("edge/cameras/Drive-Way/counts/person", occupancy.GetProperty("state_topic").GetString());
        Assert.Equal("edge/availability", occupancy.GetProperty("availability_topic").GetString());
        Assert.Equal("retinanet_drive_way", occupancy.GetProperty("device").GetProperty("identifiers")[0].GetString());
        var ball = JsonDocument.Parse(messages[2].Payload).RootElement;
        Assert.Equal("edge/cameras/Drive-Way/counts/sports_ball", ball.GetProperty("state_topic").GetString());
        var zone = JsonDocument.Parse(messages[4].Payload).RootElement;
        Assert.Equal("edge/cameras/Drive-Way/zones/porch/count", zone.GetProperty("state_topic").GetString());
    }

    [Fact]
    public void Messages_NoCameraLabels_UsesModelLabels()
    {
        var messages = HomeAssistantDiscovery.Messages(new MqttOptions(), new Topics(new MqttOptions().TopicPrefix), new CameraOptions { Name = "c" }, ["circle", "square"]).ToList();
        Assert.Equal(4, messages.Count);
        Assert.All(messages, m => Assert.StartsWith("homeassistant/", m.Topic));
    }
}
