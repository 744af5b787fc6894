using System.Collections.Concurrent;
using System.Threading.Channels;
using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Inference;

namespace RetinaNet.Edge.LiveView;

/// <summary>The annotated MJPEG / latest.jpg live view: boxes, labels, scores, track ids and short trails, zones and lines, and an fps overlay drawn on
/// a camera's frames, kept as the latest JPEG — only while somebody watches that camera (MJPEG or latest.jpg). On the
/// inference thread it only keeps the trails and, when a view is due, copies the frame and the boxes into the
/// camera's staging slot; drawing and JPEG encoding happen on this service's own task. A view due while the previous
/// one is still being drawn is skipped and counted (<c>retinanet_live_view_frames_skipped_total</c>).</summary>
internal sealed class FrameAnnotator(Microsoft.Extensions.Options.IOptionsMonitor<LiveViewOptions> options, Cameras.CameraCatalog catalog, Inference.IDetector detector, LiveViewMetrics metrics)
    : BackgroundService, IFrameObserver
{
    internal readonly record struct Box(int Id, int ClassId, float Score, Rect Rect, Point[] Trail);

    internal sealed class Live : IDisposable
    {
        public int Watchers;
        public long LastEncodeTicks;
        public byte[]? Jpeg;
        public long Version;
        public readonly Dictionary<int, Queue<Point>> Trails = [];
        public double Fps;
        /// <summary>Staged image pixels per camera pixel (below 1 when the decoder scaled the frame down).</summary>
        public float Scale = 1f;
        public long LastFrameTicks;
        // The staging slot: written by the inference thread while Busy == 0, drawn by the annotator while Busy == 1.
        public readonly Mat Staging = new();
        public readonly List<Box> Boxes = [];
        public int Busy;

        public void Dispose() => Staging.Dispose();
    }

    private readonly ConcurrentDictionary<string, Live> _cameras = new();
    private readonly Channel<(string Camera, Live Live)> _due = Channel.CreateUnbounded<(string, Live)>(new UnboundedChannelOptions { SingleReader = true });

    public Live For(string camera) => _cameras.GetOrAdd(camera, _ => new Live());

    public IDisposable Watch(string camera)
    {
        var live = For(camera);
        Interlocked.Increment(ref live.Watchers);
        return new Unwatch(live);
    }

    private sealed class Unwatch(Live live) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref live.Watchers);
    }

    public void OnFrame(Frame frame, int width, int height, IReadOnlyList<Track> tracks)
    {
        var live = For(frame.Camera);
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (live.LastFrameTicks != 0)
        {
            double dt = System.Diagnostics.Stopwatch.GetElapsedTime(live.LastFrameTicks, now).TotalSeconds;
            if (dt > 0) live.Fps = live.Fps == 0 ? 1 / dt : 0.9 * live.Fps + 0.1 / dt;
        }
        live.LastFrameTicks = now;
        foreach (var t in tracks)
        {
            if (!live.Trails.TryGetValue(t.Id, out var trail)) live.Trails[t.Id] = trail = new Queue<Point>();
            trail.Enqueue(new Point((int)t.Box.CenterX, (int)t.Box.Y2));
            while (trail.Count > 20) trail.Dequeue();
        }
        if (live.Trails.Count > tracks.Count * 2 + 16)
            foreach (var id in live.Trails.Keys.Where(id => tracks.All(t => t.Id != id)).ToList()) live.Trails.Remove(id);
        if (Volatile.Read(ref live.Watchers) == 0) return; // nobody watches: no copy, no drawing, no encoding
        if (System.Diagnostics.Stopwatch.GetElapsedTime(live.LastEncodeTicks, now).TotalSeconds < 1 / options.CurrentValue.MjpegFps) return;
        live.LastEncodeTicks = now;
        if (Interlocked.CompareExchange(ref live.Busy, 1, 0) != 0) { metrics.ViewSkipped(frame.Camera); return; }
        frame.Image.CopyTo(live.Staging);
        live.Boxes.Clear();
        // Tracks, trails, zones and lines are in the camera's pixels; the staged image may be the decoder's smaller one.
        float s = live.Scale = 1f / frame.ToSource;
        foreach (var t in tracks)
        {
            if (t.State != TrackState.Confirmed) continue;
            var r = new Rect((int)(t.Box.X1 * s), (int)(t.Box.Y1 * s), Math.Max(1, (int)(t.Box.Width * s)), Math.Max(1, (int)(t.Box.Height * s)));
            Point[] trail = live.Trails.TryGetValue(t.Id, out var points) ? [.. points.Select(p => new Point((int)(p.X * s), (int)(p.Y * s)))] : [];
            live.Boxes.Add(new Box(t.Id, t.ClassId, t.Score, r, trail));
        }
        _due.Writer.TryWrite((frame.Camera, live));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (camera, live) in _due.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    Draw(live, camera);
                    Cv2.ImEncode(".jpg", live.Staging, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, options.CurrentValue.JpegQuality));
                    Volatile.Write(ref live.Jpeg, jpeg);
                    Interlocked.Increment(ref live.Version);
                }
                finally { Volatile.Write(ref live.Busy, 0); }
            }
        }
        catch (OperationCanceledException) { }
    }

    private void Draw(Live live, string camera)
    {
        var img = live.Staging;
        Point At(double x, double y) => new((int)(x * live.Scale), (int)(y * live.Scale));
        var cam = catalog.Find(camera);
        foreach (var z in cam?.Zones ?? [])
        {
            Cv2.Polylines(img, [z.Points.Select(p => At(p[0], p[1])).ToArray()], true, new Scalar(0, 200, 255), 2, LineTypes.AntiAlias);
            Cv2.PutText(img, z.Name, At(z.Points[0][0], z.Points[0][1]) + new Point(4, 16), HersheyFonts.HersheySimplex, 0.5, new Scalar(0, 200, 255), 1, LineTypes.AntiAlias);
        }
        foreach (var l in cam?.Lines ?? [])
        {
            Cv2.ArrowedLine(img, At(l.From[0], l.From[1]), At(l.To[0], l.To[1]), new Scalar(255, 0, 255), 2, LineTypes.AntiAlias, 0, 0.05);
            Cv2.PutText(img, l.Name, At(l.From[0], l.From[1]) + new Point(4, -4), HersheyFonts.HersheySimplex, 0.5, new Scalar(255, 0, 255), 1, LineTypes.AntiAlias);
        }
        var labels = detector.Model.Labels;
        foreach (var b in live.Boxes)
        {
            var color = Palette(b.Id);
            if (b.Trail.Length > 1) Cv2.Polylines(img, [b.Trail], false, color, 2, LineTypes.AntiAlias);
            var r = b.Rect;
            Common.BoxPainter.Draw(img, b.Rect, color, $"#{b.Id} {Inference.LabelNames.Of(labels, b.ClassId)} {b.Score:F2}");
        }
        Cv2.PutText(img, $"{camera}  {live.Fps:F1} fps  inference {detector.Metrics.LastMilliseconds:F0} ms  {detector.ExecutionProvider.Name()}", new Point(8, img.Height - 10), HersheyFonts.HersheySimplex, 0.5, Scalar.All(255), 2, LineTypes.AntiAlias);
    }

    private static Scalar Palette(int id)
    {
        int h = (id * 47) % 180;
        using var hsv = new Mat(1, 1, MatType.CV_8UC3, new Scalar(h, 200, 255));
        using var bgr = hsv.CvtColor(ColorConversionCodes.HSV2BGR);
        var v = bgr.Get<Vec3b>(0, 0);
        return new Scalar(v.Item0, v.Item1, v.Item2);
    }

    /// <summary>Frees the staging images once the pipeline and this task have stopped (the host disposes in reverse).</summary>
    public override void Dispose()
    {
        foreach (var live in _cameras.Values) live.Dispose();
        _cameras.Clear();
        base.Dispose();
    }
}
