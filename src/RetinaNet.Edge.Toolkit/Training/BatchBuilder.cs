using OpenCvSharp;
using RetinaNet.Edge.Vision.Geometry;
using RetinaNet.Edge.Vision.Imaging;

namespace RetinaNet.Edge.Toolkit.Training;

/// <summary>One training batch as flat arrays: images [B,3,H,W], class targets [B,N] (class, −1 background, −2 ignore),
/// box targets [B,N,4].</summary>
internal sealed record Batch(float[] Images, long[] ClassTargets, float[] BoxTargets, int Size, int ForegroundCount, FrameTransform[] Transforms);

/// <summary>Loads, letterboxes (as the agent does), optionally flips, and matches a batch of images to the anchors.</summary>
internal sealed class BatchBuilder(DetectionDataset dataset, int inputWidth, int inputHeight, BoxF[] anchors) : IDisposable
{
    private readonly ThreadLocal<Preprocessor> _pre = new(() => new Preprocessor(inputWidth, inputHeight, ResizeMode.Letterbox), trackAllValues: true);

    public int AnchorCount => anchors.Length;

    public Batch Build(IReadOnlyList<int> indices, Func<int, bool> flip)
    {
        int b = indices.Count, plane = 3 * inputWidth * inputHeight, n = anchors.Length;
        var images = new float[b * plane];
        var cls = new long[b * n];
        var box = new float[b * n * 4];
        var transforms = new FrameTransform[b];
        int foreground = 0;
        Parallel.For(0, b, i =>
        {
            var item = dataset.Items[indices[i]];
            using var img = Cv2.ImRead(item.Path, ImreadModes.Color);
            if (img.Empty()) throw new InvalidDataException($"cannot read image {item.Path}");
            bool flipped = flip(i);
            if (flipped) Cv2.Flip(img, img, FlipMode.Y);
            var t = _pre.Value!.Run(img, images.AsSpan(i * plane, plane));
            transforms[i] = t;
            var truth = item.Objects.Select(o =>
            {
                var bx = flipped ? new BoxF(img.Width - o.Box.X2, o.Box.Y1, img.Width - o.Box.X1, o.Box.Y2) : o.Box;
                return t.ToInput(bx);
            }).ToList();
            var match = AnchorMatcher.Match(anchors, truth);
            int fg = 0;
            for (int a = 0; a < n; a++)
            {
                int m = match[a];
                cls[i * n + a] = m >= 0 ? item.Objects[m].Class : m;
                if (m < 0) continue;
                fg++;
                BoxCoder.Encode(anchors[a], truth[m], box.AsSpan((i * n + a) * 4, 4));
            }
            Interlocked.Add(ref foreground, fg);
        });
        return new Batch(images, cls, box, b, foreground, transforms);
    }

    public void Dispose()
    {
        foreach (var p in _pre.Values) p.Dispose();
        _pre.Dispose();
    }
}
