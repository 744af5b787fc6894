using System.Collections.Concurrent;
using System.Threading.Channels;
using RetinaNet.Edge.Capture;

namespace RetinaNet.Edge.LiveView;

/// <summary>One message to a live viewer: a piece of fMP4 (binary) or a JSON text (hello, boxes).</summary>
internal readonly record struct LiveMessage(byte[]? Video, string? Text, bool IsKey = false);

/// <summary>The browser live view's fan-out. Each camera's decoder child writes the camera's own video remuxed into
/// fragmented MP4 (<see cref="ILiveVideoSink"/>); the hub keeps the init segment and the fragments since the last
/// keyframe, so that a viewer who joins starts decoding at once, and copies every fragment and every frame's boxes
/// (<see cref="LiveOverlay"/>) into each viewer's bounded queue. A viewer that falls behind (full queue) skips to the
/// next keyframe rather than holding up the camera or the other viewers; nothing is decoded or encoded here.</summary>
internal sealed class LiveVideoHub(LiveViewMetrics metrics, Microsoft.Extensions.Options.IOptions<Web.HttpOptions> http, IEnumerable<IVideoFragmentObserver> observers)
    : ILiveVideoSink
{
    private readonly IVideoFragmentObserver[] _observers = [.. observers];

    /// <summary>With the HTTP server on (somebody may watch) or an observer that records.</summary>
    public bool Accepting => http.Value.Enabled || _observers.Any(o => o.Active);

    /// <summary>Fragments kept since the last keyframe (a camera with very long GOPs keeps the newest ones).</summary>
    private const int MaxGop = 600;
    private readonly ConcurrentDictionary<string, Feed> _feeds = new();

    internal sealed class Feed
    {
        public readonly object Gate = new();
        public byte[]? Init;
        public string Codec = "";
        public int Width, Height;
        public string? Unavailable;
        public readonly List<byte[]> Gop = [];
        /// <summary>The current and the previous GOP with their fragments' times, for full-resolution snapshots.</summary>
        public List<Fmp4Segment> Current = [], Previous = [];
        public readonly List<Viewer> Viewers = [];
        public volatile int Watchers;
    }

    internal sealed class Viewer(int capacity)
    {
        public readonly Channel<LiveMessage> Queue = Channel.CreateBounded<LiveMessage>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        /// <summary>Fell behind: video resumes at the next keyframe.</summary>
        public bool Skipping;
    }

    private Feed For(string camera) => _feeds.GetOrAdd(camera, _ => new Feed());

    /// <summary>Whether anybody watches the camera's live view (boxes are made only then).</summary>
    public bool Watched(string camera) => _feeds.TryGetValue(camera, out var f) && f.Watchers > 0;

    /// <summary>The camera's video as the browser needs it: codec string and size (empty before the first init
    /// segment), or why there is none.</summary>
    public (string Codec, int Width, int Height, string? Unavailable) Describe(string camera)
    {
        var f = For(camera);
        lock (f.Gate) return (f.Codec, f.Width, f.Height, f.Unavailable);
    }

    public void Run(string camera, Stream fmp4)
    {
        var feed = For(camera);
        var reader = new Fmp4Reader(fmp4);
        try
        {
            while (reader.Next() is { } segment)
            {
                foreach (var o in _observers) o.OnSegment(camera, segment, reader.Track);
                lock (feed.Gate)
                {
                    if (segment.IsInit)
                    {
                        // A new child (reconnect, new source): its init replaces the old, and viewers start again with it.
                        feed.Init = segment.Bytes;
                        (feed.Codec, feed.Width, feed.Height) = reader.Track;
                        feed.Unavailable = feed.Codec.StartsWith("avc", StringComparison.Ordinal) || feed.Codec.StartsWith("hvc", StringComparison.Ordinal) || feed.Codec.StartsWith("hev", StringComparison.Ordinal)
                            ? null : $"the camera's video ({(feed.Codec.Length > 0 ? feed.Codec : "unknown")}) is neither H.264 nor H.265";
                        feed.Gop.Clear();
                        feed.Current = [];
                        feed.Previous = [];
                        foreach (var v in feed.Viewers) { v.Skipping = true; Send(camera, v, new LiveMessage(null, Hello(feed)), video: false); Send(camera, v, new LiveMessage(segment.Bytes, null, true), video: false); }
                        continue;
                    }
                    if (segment.IsKey || feed.Gop.Count >= MaxGop)
                    {
                        feed.Gop.Clear();
                        (feed.Previous, feed.Current) = (feed.Current, []);
                    }
                    if (feed.Current.Count > 0 || segment.IsKey) feed.Current.Add(segment);
                    if (segment.IsKey || feed.Gop.Count > 0) feed.Gop.Add(segment.Bytes);
                    foreach (var v in feed.Viewers) Send(camera, v, new LiveMessage(segment.Bytes, null, segment.IsKey), video: true);
                }
                metrics.Fragment(camera, segment.Bytes.Length);
            }
        }
        catch (InvalidDataException e)
        {
            lock (feed.Gate) feed.Unavailable = "the live stream was malformed: " + e.Message;
        }
        finally
        {
            foreach (var o in _observers) o.OnStreamEnded(camera);
        }
    }

    /// <summary>The init segment and the fragments from the keyframe at or before <paramref name="pts"/> on (the
    /// previous GOP and the current one, or the current one alone): enough to decode the frame shown at that time at
    /// full resolution, which is the <c>Rank</c>-th frame they decode to in presentation order (counted from 0 by the
    /// fragments' own times). Null when the camera has no remuxed video or the frame is older than the previous GOP.</summary>
    public (byte[] Init, List<byte[]> Fragments, int Rank, int Width, int Height)? FramesAround(string camera, double pts)
    {
        if (!_feeds.TryGetValue(camera, out var feed)) return null;
        lock (feed.Gate)
        {
            if (feed.Init is not { } init || feed.Unavailable is not null || feed.Current.Count == 0) return null;
            const double Slack = 0.0005;
            List<Fmp4Segment> from;
            if (feed.Current[0].Pts <= pts + Slack) from = feed.Current;
            else if (feed.Previous.Count > 0 && feed.Previous[0].Pts <= pts + Slack) from = [.. feed.Previous, .. feed.Current];
            else return null;
            return (init, [.. from.Select(f => f.Bytes)], from.Count(f => f.Pts < pts - Slack), feed.Width, feed.Height);
        }
    }

    public void Unavailable(string camera, string reason)
    {
        var f = For(camera);
        lock (f.Gate) f.Unavailable = reason;
        foreach (var o in _observers) o.OnUnavailable(camera, reason);
    }

    /// <summary>A new viewer: the hello, the init segment and the fragments since the last keyframe first.</summary>
    public Viewer Subscribe(string camera, int capacity = 256)
    {
        var feed = For(camera);
        var viewer = new Viewer(capacity);
        lock (feed.Gate)
        {
            viewer.Queue.Writer.TryWrite(new LiveMessage(null, Hello(feed)));
            if (feed.Init is { } init)
            {
                viewer.Queue.Writer.TryWrite(new LiveMessage(init, null, true));
                foreach (var g in feed.Gop) if (!viewer.Queue.Writer.TryWrite(new LiveMessage(g, null))) { viewer.Skipping = true; break; }
            }
            else viewer.Skipping = true;
            feed.Viewers.Add(viewer);
            Interlocked.Increment(ref feed.Watchers);
        }
        return viewer;
    }

    public void Unsubscribe(string camera, Viewer viewer)
    {
        var feed = For(camera);
        lock (feed.Gate)
        {
            if (feed.Viewers.Remove(viewer)) Interlocked.Decrement(ref feed.Watchers);
        }
        viewer.Queue.Writer.TryComplete();
    }

    /// <summary>One frame's boxes to every viewer of the camera (dropped for a viewer whose queue is full).</summary>
    public void Boxes(string camera, string json)
    {
        if (!_feeds.TryGetValue(camera, out var feed)) return;
        lock (feed.Gate) foreach (var v in feed.Viewers) Send(camera, v, new LiveMessage(null, json), video: false);
    }

    private void Send(string camera, Viewer v, LiveMessage m, bool video)
    {
        if (video && v.Skipping)
        {
            if (!m.IsKey) return;
            v.Skipping = false;
        }
        if (v.Queue.Writer.TryWrite(m)) return;
        if (video) v.Skipping = true;
        metrics.Skipped(camera, video ? "video" : "boxes");
    }

    private static string Hello(Feed f) => System.Text.Json.JsonSerializer.Serialize(
        new LiveHello("hello", f.Codec, f.Width, f.Height, f.Unavailable), LiveJsonContext.Default.LiveHello);
}
