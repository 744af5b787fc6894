using RetinaNet.Edge.Vision.Synthetic;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>retinanet-toolkit synth</c>: a synthetic COCO image set or MOT video.</summary>
internal static class SynthCommand
{
    public static int Run(SynthArgs v)
    {
        if (v.Video)
        {
            var (w, h) = v.Size ?? (640, 360);
            var settings = new VideoSettings
            {
                Width = w, Height = h, Fps = v.Fps, Seconds = v.Seconds, Concurrent = v.Objects, MinSize = v.MinSize ?? 40, MaxSize = v.MaxSize,
            };
            var path = new VideoGenerator(settings).Write(v.Out, v.Seed);
            Console.WriteLine($"wrote {path} and {Path.Combine(v.Out, "gt", "gt.txt")}");
            return 0;
        }
        var (width, height) = v.Size ?? (384, 256);
        var scene = new SceneSettings
        {
            Width = width, Height = height, MinSize = v.MinSize ?? 16, MaxObjects = v.MaxObjects, TruncatedFraction = (float)v.Truncated,
        };
        var data = SyntheticDataset.Write(v.Out, v.Count, v.Seed, scene);
        Console.WriteLine($"wrote {data.Images.Count} images with {data.Annotations.Count} objects to {v.Out}");
        return 0;
    }
}
