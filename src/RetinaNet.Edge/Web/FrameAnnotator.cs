using System.Collections.Concurrent;
using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Tracking;

namespace RetinaNet.Edge.Web;

/// <summary>Draws boxes, labels, scores, track ids and short trails, zones and lines, and an fps overlay onto a
/// camera's frames and keeps the latest JPEG — only while somebody watches that camera (MJPEG or snapshot).</summary>
internal sealed class FrameAnnotator(HttpOptions options, Configuration.AgentConfig config, Inference.IDetector detector) : IFrameObserver, IDisposable
{
    internal sealed class Live : IDisposable
    {
        public int Watchers;
        public long LastEncodeTicks;
        public byte[]? Jpeg;
        public long Version;
        public readonly Dictionary<int, Queue<Point>> Trails = [];
        public readonly Mat Canvas = new();
        public double Fps;
        public long LastFrameTicks;

        public void Dispose() => Canvas.Dispose();
    }

    /// <summary>Frees the drawing canvases (after the pipeline has stopped: the host disposes stages in reverse).</summary>
    public void Dispose()
    {
        foreach (var live in _cameras.Values) live.Dispose();
        _cameras.Clear();
    }

    private readonly ConcurrentDictionary<string, Live> _cameras = new();

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
        if (Volatile.Read(ref live.Watchers) == 0) return; // nobody watches: no drawing, no encoding
        if (System.Diagnostics.Stopwatch.GetElapsedTime(live.LastEncodeTicks, now).TotalSeconds < 1 / options.MjpegFps) return;
        live.LastEncodeTicks = now;
        frame.Image.CopyTo(live.Canvas);
        Draw(live, frame.Camera, tracks);
        Cv2.ImEncode(".jpg", live.Canvas, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, options.JpegQuality));
        Volatile.Write(ref live.Jpeg, jpeg);
        Interlocked.Increment(ref live.Version);
    }

    private void Draw(Live live, string camera, IReadOnlyList<Track> tracks)
    {
        var img = live.Canvas;
        var cam = config.Cameras.FirstOrDefault(c => c.Name == camera);
        foreach (var z in cam?.Zones ?? [])
        {
            Cv2.Polylines(img, [z.Points.Select(p => new Point(p[0], p[1])).ToArray()], true, new Scalar(0, 200, 255), 2, LineTypes.AntiAlias);
            Cv2.PutText(img, z.Name, new Point(z.Points[0][0] + 4, z.Points[0][1] + 16), HersheyFonts.HersheySimplex, 0.5, new Scalar(0, 200, 255), 1, LineTypes.AntiAlias);
        }
        foreach (var l in cam?.Lines ?? [])
        {
            Cv2.ArrowedLine(img, new Point(l.From[0], l.From[1]), new Point(l.To[0], l.To[1]), new Scalar(255, 0, 255), 2, LineTypes.AntiAlias, 0, 0.05);
            Cv2.PutText(img, l.Name, new Point(l.From[0] + 4, l.From[1] - 4), HersheyFonts.HersheySimplex, 0.5, new Scalar(255, 0, 255), 1, LineTypes.AntiAlias);
        }
        var labels = detector.Model.Labels;
        foreach (var t in tracks)
        {
            if (t.State != TrackState.Confirmed) continue;
            var color = Palette(t.Id);
            if (live.Trails.TryGetValue(t.Id, out var trail) && trail.Count > 1) Cv2.Polylines(img, [trail.ToArray()], false, color, 2, LineTypes.AntiAlias);
            var r = new Rect((int)t.Box.X1, (int)t.Box.Y1, Math.Max(1, (int)t.Box.Width), Math.Max(1, (int)t.Box.Height));
            Cv2.Rectangle(img, r, color, 2, LineTypes.AntiAlias);
            string text = $"#{t.Id} {(t.ClassId < labels.Count ? labels[t.ClassId] : "?")} {t.Score:F2}";
            var size = Cv2.GetTextSize(text, HersheyFonts.HersheySimplex, 0.45, 1, out _);
            Cv2.Rectangle(img, new Rect(r.X, Math.Max(0, r.Y - size.Height - 6), size.Width + 6, size.Height + 6), color, -1);
            Cv2.PutText(img, text, new Point(r.X + 3, Math.Max(size.Height, r.Y - 4)), HersheyFonts.HersheySimplex, 0.45, Scalar.All(0), 1, LineTypes.AntiAlias);
        }
        Cv2.PutText(img, $"{camera}  {live.Fps:F1} fps  inference {detector.Metrics.LastMilliseconds:F0} ms  {detector.ExecutionProvider}", new Point(8, img.Height - 10), HersheyFonts.HersheySimplex, 0.5, Scalar.All(255), 2, LineTypes.AntiAlias);
    }

    private static Scalar Palette(int id)
    {
        int h = (id * 47) % 180;
        using var hsv = new Mat(1, 1, MatType.CV_8UC3, new Scalar(h, 200, 255));
        using var bgr = hsv.CvtColor(ColorConversionCodes.HSV2BGR);
        var v = bgr.Get<Vec3b>(0, 0);
        return new Scalar(v.Item0, v.Item1, v.Item2);
    }
}
