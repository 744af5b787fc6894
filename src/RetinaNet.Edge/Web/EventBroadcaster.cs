using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Publishing;
using RetinaNet.Edge.Zones;

namespace RetinaNet.Edge.Web;

/// <summary>The agent's event sink: everything goes to MQTT, and events are also fanned out to the dashboard's
/// server-sent-event clients (each with a small bounded queue; a slow browser loses old events, never blocks).</summary>
internal sealed class EventBroadcaster(MqttEventSink mqtt) : IEventSink
{
    private readonly ConcurrentDictionary<Channel<string>, byte> _clients = new();

    public ChannelReader<string> Subscribe(out Action unsubscribe)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        _clients[channel] = 0;
        unsubscribe = () => _clients.TryRemove(channel, out _);
        return channel.Reader;
    }

    private void Broadcast(string json)
    {
        foreach (var c in _clients.Keys) c.Writer.TryWrite(json);
    }

    public TrackEvent Publish(TrackEvent e, long capturedTicks = 0)
    {
        var stamped = mqtt.Publish(e, capturedTicks);
        if (!_clients.IsEmpty) Broadcast(JsonSerializer.Serialize(stamped, EventJsonContext.Default.TrackEvent));
        return stamped;
    }

    public ZoneEvent Publish(ZoneEvent e)
    {
        var stamped = mqtt.Publish(e);
        if (!_clients.IsEmpty) Broadcast(JsonSerializer.Serialize(stamped, ZoneJsonContext.Default.ZoneEvent));
        return stamped;
    }

    public void PublishCounts(string camera, IReadOnlyDictionary<string, int> counts) => mqtt.PublishCounts(camera, counts);
    public void PublishValue(string camera, string path, string value) => mqtt.PublishValue(camera, path, value);
    public void PublishRetained(string topic, string payload) => mqtt.PublishRetained(topic, payload);
    public void PublishSnapshot(string camera, byte[] jpeg) => mqtt.PublishSnapshot(camera, jpeg);
    public void PublishStatus(string camera, string statusJson) => mqtt.PublishStatus(camera, statusJson);
}
