using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Events;

namespace RetinaNet.Edge.Web;

/// <summary>Writes <c>CAMERA/TRACK-TYPE-TICKS.jpg</c> (full frame, box drawn) and <c>…-crop.jpg</c>, returns the
/// URL path the HTTP server serves them under, and enforces retention (oldest first) after every write.</summary>
internal sealed class SnapshotStore(SnapshotOptions options, string folder, TimeProvider time)
{
    private readonly object _gate = new();

    public string Folder { get; } = folder;

    public string? Save(Frame frame, TrackEvent e, Action<string, byte[]>? publishCrop = null)
    {
        if (!options.Enabled) return null;
        var dir = Path.Combine(Folder, e.Camera);
        Directory.CreateDirectory(dir);
        string name = $"{e.TrackId}-{e.Type}-{time.GetUtcNow().UtcTicks}";
        var img = frame.Image;
        var r = new Rect((int)e.Box.X1, (int)e.Box.Y1, Math.Max(1, (int)(e.Box.X2 - e.Box.X1)), Math.Max(1, (int)(e.Box.Y2 - e.Box.Y1)))
            .Intersect(new Rect(0, 0, img.Width, img.Height));
        var quality = new ImageEncodingParam(ImwriteFlags.JpegQuality, options.JpegQuality);
        using (var full = img.Clone())
        {
            Cv2.Rectangle(full, r, new Scalar(0, 255, 0), 2, LineTypes.AntiAlias);
            Cv2.PutText(full, $"#{e.TrackId} {e.Label} {e.Score:F2}", new Point(r.X, Math.Max(12, r.Y - 4)), HersheyFonts.HersheySimplex, 0.5, new Scalar(0, 255, 0), 1, LineTypes.AntiAlias);
            Cv2.ImWrite(Path.Combine(dir, name + ".jpg"), full, quality);
        }
        if (r.Width > 0 && r.Height > 0)
        {
            using var crop = new Mat(img, r);
            Cv2.ImEncode(".jpg", crop, out var bytes, quality);
            File.WriteAllBytes(Path.Combine(dir, name + "-crop.jpg"), bytes);
            publishCrop?.Invoke(e.Camera, bytes);
        }
        Enforce();
        return $"/snapshots/{Uri.EscapeDataString(e.Camera)}/{name}.jpg";
    }

    /// <summary>Deletes the oldest files until count, age and size are within the limits.</summary>
    public void Enforce()
    {
        lock (_gate)
        {
            if (!Directory.Exists(Folder)) return;
            var files = new DirectoryInfo(Folder).GetFiles("*.jpg", SearchOption.AllDirectories).OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name).ToList();
            var cutoff = time.GetUtcNow().UtcDateTime.AddHours(-options.MaxAgeHours);
            long bytes = files.Sum(f => f.Length), maxBytes = (long)(options.MaxMegabytes * 1024 * 1024);
            int i = 0;
            while (i < files.Count && (files.Count - i > options.MaxCount || bytes > maxBytes || files[i].LastWriteTimeUtc < cutoff))
            {
                bytes -= files[i].Length;
                files[i].Delete();
                i++;
            }
        }
    }
}
