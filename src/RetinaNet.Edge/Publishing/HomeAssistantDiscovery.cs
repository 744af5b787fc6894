using System.Text.Json;
using System.Text.Json.Nodes;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Publishing;

/// <summary>Home Assistant MQTT discovery: per camera a device with a count sensor and an occupancy binary sensor per
/// label, a count sensor per zone, all tied to the agent's availability topic. Messages are retained.</summary>
internal static class HomeAssistantDiscovery
{
    public static IEnumerable<(string Topic, string Payload)> Messages(MqttOptions mqtt, Topics topics, CameraOptions camera, IReadOnlyList<string> modelLabels)
    {
        var prefix = mqtt.DiscoveryPrefix.TrimEnd('/');
        var node = Slug($"retinanet_{camera.Name}");
        var device = new JsonObject
        {
            ["identifiers"] = new JsonArray(node),
            ["name"] = $"RetinaNet {camera.Name}",
            ["manufacturer"] = "RetinaNet.Edge",
            ["model"] = "edge video analytics agent",
        };
        JsonObject Common(string id, string name, string stateTopic) => new()
        {
            ["name"] = name,
            ["unique_id"] = $"{node}_{id}",
            ["object_id"] = $"{node}_{id}",
            ["state_topic"] = stateTopic,
            ["availability_topic"] = topics.Availability,
            ["payload_available"] = "online",
            ["payload_not_available"] = "offline",
            ["device"] = device.DeepClone(),
        };
        var labels = camera.Labels.Count > 0 ? camera.Labels : modelLabels;
        foreach (var label in labels)
        {
            var id = Slug(label);
            var count = Common($"{id}_count", $"{label} count", topics.Count(camera.Name, label));
            count["state_class"] = "measurement";
            count["icon"] = "mdi:counter";
            yield return ($"{prefix}/sensor/{node}/{id}_count/config", count.ToJsonString());
            var occupancy = Common($"{id}_occupancy", $"{label} occupancy", topics.Count(camera.Name, label));
            occupancy["device_class"] = "occupancy";
            occupancy["value_template"] = "{{ 'ON' if (value | int(0)) > 0 else 'OFF' }}";
            yield return ($"{prefix}/binary_sensor/{node}/{id}_occupancy/config", occupancy.ToJsonString());
        }
        foreach (var zone in camera.Zones)
        {
            var id = Slug(zone.Name);
            var count = Common($"zone_{id}_count", $"{zone.Name} zone count", topics.Camera(camera.Name, $"zones/{zone.Name}/count"));
            count["state_class"] = "measurement";
            count["icon"] = "mdi:vector-polygon";
            yield return ($"{prefix}/sensor/{node}/zone_{id}_count/config", count.ToJsonString());
        }
    }

    /// <summary>Home Assistant ids: lower case, [a-z0-9_].</summary>
    public static string Slug(string s) => new(s.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
