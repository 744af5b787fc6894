using OpenCvSharp;

namespace RetinaNet.Edge.Vision.Synthetic;

/// <summary>Real textures for scene backgrounds: frames of Debian's opencv-doc sample videos and images where installed,
/// otherwise procedural textures (multi-scale noise, gradients, lines).</summary>
public sealed class Backgrounds : IDisposable
{
    public const string OpenCvSamples = "/usr/share/doc/opencv-doc/examples/data";
    private static readonly string[] Videos = ["vtest.avi", "Megamind.avi"];
    private static readonly string[] Images = ["building.jpg", "home.jpg", "fruits.jpg", "baboon.jpg", "board.jpg", "aero3.jpg", "graf1.png", "leuvenA.jpg", "orange.jpg", "pic1.png", "lena.jpg", "starry_night.jpg", "messi5.jpg"];
    private readonly List<Mat> _pool = [];

    public Backgrounds(string? folder = null, int framesPerVideo = 40)
    {
        folder ??= OpenCvSamples;
        if (!Directory.Exists(folder)) return;
        foreach (var name in Videos)
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path)) continue;
            using var cap = new VideoCapture(path);
            int total = Math.Max(1, (int)cap.Get(VideoCaptureProperties.FrameCount));
            for (int i = 0; i < framesPerVideo; i++)
            {
                cap.Set(VideoCaptureProperties.PosFrames, i * total / framesPerVideo);
                var frame = new Mat();
                if (cap.Read(frame) && !frame.Empty()) _pool.Add(frame); else frame.Dispose();
            }
        }
        foreach (var name in Images)
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path)) continue;
            var img = Cv2.ImRead(path, ImreadModes.Color);
            if (img.Empty()) img.Dispose(); else _pool.Add(img);
        }
    }

    /// <summary>True when real textures were found.</summary>
    public bool HasRealTextures => _pool.Count > 0;

    /// <summary>A new width×height background: a random crop of a real texture (70 % of the time when available) or procedural.</summary>
    public Mat Next(Random rng, int width, int height)
    {
        if (_pool.Count > 0 && rng.NextDouble() < 0.7)
        {
            var src = _pool[rng.Next(_pool.Count)];
            double scale = Math.Max((double)width / src.Width, (double)height / src.Height) * (1 + rng.NextDouble() * 0.6);
            using var resized = src.Resize(new Size(Math.Max(width, (int)Math.Ceiling(src.Width * scale)), Math.Max(height, (int)Math.Ceiling(src.Height * scale))));
            int x = rng.Next(resized.Width - width + 1), y = rng.Next(resized.Height - height + 1);
            var crop = resized[new Rect(x, y, width, height)].Clone();
            if (rng.NextDouble() < 0.5) Cv2.Flip(crop, crop, FlipMode.Y);
            return crop;
        }
        return Procedural(rng, width, height);
    }

    public static Mat Procedural(Random rng, int width, int height)
    {
        var result = new Mat(height, width, MatType.CV_32FC3, Scalar.All(0));
        foreach (int cell in new[] { 64, 16, 4 })
        {
            using var small = new Mat(Math.Max(1, height / cell) + 1, Math.Max(1, width / cell) + 1, MatType.CV_32FC3);
            OpenCvRandom.Randu(small, 255, rng);
            using var up = small.Resize(new Size(width, height), 0, 0, InterpolationFlags.Cubic);
            Cv2.AddWeighted(result, 1, up, cell == 64 ? 0.6 : cell == 16 ? 0.3 : 0.1, 0, result);
        }
        var tint = new Scalar(0.6 + 0.4 * rng.NextDouble(), 0.6 + 0.4 * rng.NextDouble(), 0.6 + 0.4 * rng.NextDouble());
        Cv2.Multiply(result, tint, result);
        var bg = new Mat();
        result.ConvertTo(bg, MatType.CV_8UC3);
        result.Dispose();
        for (int i = rng.Next(6); i > 0; i--)
        {
            var c = new Scalar(rng.Next(256), rng.Next(256), rng.Next(256));
            Cv2.Line(bg, new Point(rng.Next(width), rng.Next(height)), new Point(rng.Next(width), rng.Next(height)), c, rng.Next(1, 4));
        }
        return bg;
    }

    public void Dispose()
    {
        foreach (var m in _pool) m.Dispose();
        _pool.Clear();
    }
}
