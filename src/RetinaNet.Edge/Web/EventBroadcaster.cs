using System.Collections.Concurrent;
using System.Threading.Channels;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Zones;

namespace RetinaNet.Edge.Web;

/// <summary>Web's decorator of the event history: every event goes on to the inner history (MQTT) and its JSON — the
/// bytes the inner history serialized once — to the dashboard's server-sent-event clients (each with a small bounded
/// queue; a slow browser loses old events, never blocks). Registered by <see cref="WebServiceCollectionExtensions.AddWeb"/>
/// over whatever history is registered.</summary>
internal sealed class EventBroadcaster(IEventHistory inner) : IEventHistory
{
    private readonly ConcurrentDictionary<Channel<ReadOnlyMemory<byte>>, byte> _clients = new();

    public ChannelReader<ReadOnlyMemory<byte>> Subscribe(out Action unsubscribe)
    {
        var channel = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        _clients[channel] = 0;
        unsubscribe = () => _clients.TryRemove(channel, out _);
        return channel.Reader;
    }

    public PublishedEvent Publish(TrackEvent e, long capturedTicks = 0) => Broadcast(inner.Publish(e, capturedTicks));

    public PublishedEvent Publish(ZoneEvent e) => Broadcast(inner.Publish(e));

    private PublishedEvent Broadcast(PublishedEvent published)
    {
        if (!published.Json.IsEmpty) foreach (var c in _clients.Keys) c.Writer.TryWrite(published.Json);
        return published;
    }
}
