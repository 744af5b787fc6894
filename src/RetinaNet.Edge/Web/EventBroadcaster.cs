using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Zones;

namespace RetinaNet.Edge.Web;

/// <summary>Web's decorator of the event history: every event goes on to the inner history (MQTT) and, stamped, to the
/// dashboard's server-sent-event clients (each with a small bounded queue; a slow browser loses old events, never
/// blocks). Registered by <see cref="WebServiceCollectionExtensions.AddWeb"/> over whatever history is registered.</summary>
internal sealed class EventBroadcaster(IEventHistory inner) : IEventHistory
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
        var stamped = inner.Publish(e, capturedTicks);
        if (!_clients.IsEmpty) Broadcast(JsonSerializer.Serialize(stamped, EventJsonContext.Default.TrackEvent));
        return stamped;
    }

    public ZoneEvent Publish(ZoneEvent e)
    {
        var stamped = inner.Publish(e);
        if (!_clients.IsEmpty) Broadcast(JsonSerializer.Serialize(stamped, ZoneJsonContext.Default.ZoneEvent));
        return stamped;
    }
}
