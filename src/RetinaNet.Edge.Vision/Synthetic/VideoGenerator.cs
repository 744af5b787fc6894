using System.Globalization;
using System.Text;
using OpenCvSharp;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Vision.Synthetic;

/// <summary>Renders a video of objects moving at constant velocity, entering and leaving the frame and crossing each
/// other (same and different classes), over a real moving background where available. Writes
/// <c>video.avi</c> (MJPG), <c>gt/gt.txt</c> (MOTChallenge: frame, id, x, y, w, h, 1, class, visibility),
/// <c>seqinfo.ini</c> and <c>labels.txt</c>.</summary>
public sealed class VideoGenerator(VideoSettings settings)
{
    private sealed record Track(int Id, ShapeKind Kind, float W, float H, float Angle, Scalar Color, int StartFrame, float X0, float Y0, float Vx, float Vy)
    {
        public SceneObject At(int frame, float fps)
        {
            float t = (frame - StartFrame) / fps;
            return new SceneObject(Kind, X0 + Vx * t, Y0 + Vy * t, W, H, Angle, Color);
        }
    }

    public string Write(string folder, int seed)
    {
        Directory.CreateDirectory(Path.Combine(folder, "gt"));
        var rng = new Random(seed);
        int frames = (int)Math.Round(settings.Seconds * settings.Fps);
        var tracks = PlanTracks(rng, frames);
        var videoPath = Path.Combine(folder, "video.avi");
        using var writer = new VideoWriter(videoPath, FourCC.MJPG, settings.Fps, new Size(settings.Width, settings.Height));
        if (!writer.IsOpened()) throw new InvalidOperationException($"OpenCV cannot write {videoPath} (MJPG)");
        using var background = OpenBackground();
        using var staticBg = Backgrounds.Procedural(rng, settings.Width, settings.Height);
        var gt = new StringBuilder();
        using var frame = new Mat();
        using var raw = new Mat();
        for (int f = 0; f < frames; f++)
        {
            if (background is not null && (background.Read(raw) || (background.Set(VideoCaptureProperties.PosFrames, 0) && background.Read(raw))) && !raw.Empty())
                Cv2.Resize(raw, frame, new Size(settings.Width, settings.Height));
            else
                staticBg.CopyTo(frame);
            var live = tracks.Where(t => f >= t.StartFrame).Select(t => (t, o: t.At(f, (float)settings.Fps))).Where(p => OnScreen(p.o)).ToList();
            var objects = live.Select(p => p.o).ToList();
            var visibility = SceneGenerator.Visibility(objects, settings.Width, settings.Height, countOutside: true);
            foreach (var o in objects) o.Draw(frame);
            Photometric.Apply(frame, new Random(Seeds.Mix(seed, f)), 0.3f);
            writer.Write(frame);
            for (int i = 0; i < live.Count; i++)
            {
                // Every object with a visible part is in the ground truth, boxed by what is inside the frame; the
                // visibility column is the fraction of the whole object that can be seen (frame edges and occluders).
                if (live[i].o.VisibleBounds(settings.Width, settings.Height) is not { } box || box.Area < 4) continue;
                gt.Append(CultureInfo.InvariantCulture, $"{f + 1},{live[i].t.Id},{box.X1:F2},{box.Y1:F2},{box.Width:F2},{box.Height:F2},1,{(int)live[i].t.Kind + 1},{visibility[i]:F3}\n");
            }
        }
        File.WriteAllText(Path.Combine(folder, "gt", "gt.txt"), gt.ToString());
        File.WriteAllText(Path.Combine(folder, "seqinfo.ini"), string.Create(CultureInfo.InvariantCulture,
            $"[Sequence]\nname=synthetic-{seed}\nimDir=video.avi\nframeRate={settings.Fps}\nseqLength={frames}\nimWidth={settings.Width}\nimHeight={settings.Height}\nimExt=.avi\n"));
        File.WriteAllLines(Path.Combine(folder, "labels.txt"), ShapeCatalog.Names);
        return videoPath;
    }

    private static VideoCapture? OpenBackground()
    {
        var path = Path.Combine(Backgrounds.OpenCvSamples, "vtest.avi");
        if (!File.Exists(path)) return null;
        var cap = new VideoCapture(path);
        if (cap.IsOpened()) return cap;
        cap.Dispose();
        return null;
    }

    private bool OnScreen(SceneObject o)
    {
        var b = o.Bounds();
        return b.X2 > 0 && b.Y2 > 0 && b.X1 < settings.Width && b.Y1 < settings.Height;
    }

    /// <summary>Objects entering from the left or right edge (crossing each other on the way), plus a few that start
    /// inside the frame; a new one starts whenever fewer than <see cref="VideoSettings.Concurrent"/> are planned.</summary>
    private List<Track> PlanTracks(Random rng, int frames)
    {
        var tracks = new List<Track>();
        float fps = (float)settings.Fps;
        int id = 1;
        var endFrame = new List<int>();
        for (int f = 0; f < frames; f++)
        {
            int alive = endFrame.Count(e => e > f);
            while (alive < settings.Concurrent && (f == 0 || rng.NextDouble() < 0.08))
            {
                float size = settings.MinSize + (float)rng.NextDouble() * (settings.MaxSize - settings.MinSize);
                float aspect = (float)Math.Exp((rng.NextDouble() - 0.5) * 0.4);
                float w = size * MathF.Sqrt(aspect), h = size / MathF.Sqrt(aspect);
                var kind = (ShapeKind)rng.Next(ShapeCatalog.Count);
                float speed = settings.MinSpeed + (float)rng.NextDouble() * (settings.MaxSpeed - settings.MinSpeed);
                bool fromLeft = (id % 2) == 1; // alternate directions so that paths cross
                float y = h + (float)rng.NextDouble() * (settings.Height - 2 * h);
                float x = f == 0 ? w + (float)rng.NextDouble() * (settings.Width - 2 * w) : fromLeft ? -0.45f * w : settings.Width + 0.45f * w;
                float vx = fromLeft ? speed : -speed;
                float vy = (float)(rng.NextDouble() - 0.5) * 0.3f * speed;
                var track = new Track(id++, kind, w, h, kind == ShapeKind.Circle ? 0 : (float)(rng.NextDouble() * 20 - 10), SceneGenerator.JitteredColor(kind, rng), f, x, y, vx, vy);
                tracks.Add(track);
                float distance = fromLeft ? settings.Width + w - x : x + w;
                endFrame.Add(f + (int)Math.Ceiling(distance / speed * fps) + 1);
                alive++;
            }
        }
        return tracks;
    }

    /// <summary>Reads a MOTChallenge gt.txt: per frame (1-based), the boxes with their ids and classes.</summary>
    public static Dictionary<int, List<(int Id, int ClassId, BoxF Box, float Visibility)>> ReadGroundTruth(string path)
    {
        var result = new Dictionary<int, List<(int, int, BoxF, float)>>();
        foreach (var line in File.ReadLines(path))
        {
            var p = line.Split(',');
            if (p.Length < 9) continue;
            int frame = int.Parse(p[0], CultureInfo.InvariantCulture);
            float F(int i) => float.Parse(p[i], CultureInfo.InvariantCulture);
            var box = BoxF.FromXywh(F(2), F(3), F(4), F(5));
            if (!result.TryGetValue(frame, out var list)) result[frame] = list = [];
            list.Add((int.Parse(p[1], CultureInfo.InvariantCulture), int.Parse(p[7], CultureInfo.InvariantCulture), box, F(8)));
        }
        return result;
    }
}
