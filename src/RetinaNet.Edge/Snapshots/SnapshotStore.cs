using OpenCvSharp;
using RetinaNet.Edge.Events;

namespace RetinaNet.Edge.Snapshots;

/// <summary>Writes <c>CAMERA/TRACK-TYPE-TICKS.jpg</c> (full frame, box drawn) and <c>…-crop.jpg</c> and enforces
/// retention (oldest first) after every write from an index of the folder: scanned once, then kept up to date, so a
/// save costs its own two files and no directory scan.</summary>
internal sealed class SnapshotStore(SnapshotOptions options, string folder, TimeProvider time)
{
    private readonly object _gate = new();
    private LinkedList<(string Path, long Bytes, DateTime Written)>? _index;
    private long _bytes;

    public string Folder { get; } = folder;

    /// <summary>The file name (without extension) and the URL path an event's snapshot gets.</summary>
    public (string Name, string Url) NameFor(TrackEvent e)
    {
        string name = $"{e.TrackId}-{e.Type.Name()}-{time.GetUtcNow().UtcTicks}";
        return (name, $"/snapshots/{Uri.EscapeDataString(e.Camera)}/{name}.jpg");
    }

    /// <summary>Writes the two JPEGs of <paramref name="e"/> from <paramref name="image"/> (drawn on); returns the crop's bytes.</summary>
    public byte[]? Write(Mat image, TrackEvent e, string name)
    {
        var dir = Path.Combine(Folder, e.Camera);
        Directory.CreateDirectory(dir);
        // The event's box is in the camera's pixels; the image may be the decoder's smaller working size: place the
        // box by its normalized coordinates.
        var n = e.BoxNormalized;
        int x1 = (int)(n.X1 * image.Width), y1 = (int)(n.Y1 * image.Height);
        var r = new Rect(x1, y1, Math.Max(1, (int)(n.X2 * image.Width) - x1), Math.Max(1, (int)(n.Y2 * image.Height) - y1))
            .Intersect(new Rect(0, 0, image.Width, image.Height));
        var quality = new ImageEncodingParam(ImwriteFlags.JpegQuality, options.JpegQuality);
        byte[]? crop = null;
        if (r.Width > 0 && r.Height > 0)
        {
            using var region = new Mat(image, r);
            Cv2.ImEncode(".jpg", region, out crop, quality);
        }
        Common.BoxPainter.Draw(image, r, new Scalar(0, 255, 0), $"#{e.TrackId} {e.Label} {e.Score:F2}");
        Cv2.ImEncode(".jpg", image, out var full, quality);
        Add(Path.Combine(dir, name + ".jpg"), full);
        if (crop is not null) Add(Path.Combine(dir, name + "-crop.jpg"), crop);
        Enforce();
        return crop;
    }

    private void Add(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        lock (_gate)
        {
            Load();
            _index!.AddLast((path, bytes.Length, time.GetUtcNow().UtcDateTime));
            _bytes += bytes.Length;
        }
    }

    /// <summary>Deletes the oldest files until count, age and size are within the limits.</summary>
    public void Enforce()
    {
        lock (_gate)
        {
            Load();
            var cutoff = time.GetUtcNow().UtcDateTime.AddHours(-options.MaxAgeHours);
            long maxBytes = (long)(options.MaxMegabytes * 1024 * 1024);
            while (_index!.First is { } oldest && (_index.Count > options.MaxCount || _bytes > maxBytes || oldest.Value.Written < cutoff))
            {
                _index.RemoveFirst();
                _bytes -= oldest.Value.Bytes;
                try { File.Delete(oldest.Value.Path); }
                catch (IOException) { } // gone already or not deletable now: no longer counted either way
                catch (UnauthorizedAccessException) { }
            }
        }
    }

    /// <summary>The folder's snapshots from earlier runs, oldest first (once).</summary>
    private void Load()
    {
        if (_index is not null) return;
        _index = new();
        if (!Directory.Exists(Folder)) return;
        foreach (var f in new DirectoryInfo(Folder).GetFiles("*.jpg", SearchOption.AllDirectories).OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name))
        {
            _index.AddLast((f.FullName, f.Length, f.LastWriteTimeUtc));
            _bytes += f.Length;
        }
    }
}
