using System.CommandLine;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Vision.Synthetic;

namespace RetinaNet.Edge.Toolkit.Cli;

internal static class SynthCommand
{
    public const string Usage = """
        synth --out DIR [--count N] [--size WxH] [--min-size PX] [--max-objects N] [--truncated FRACTION]
              writes DIR/images/*.jpg, DIR/annotations.json (COCO), DIR/labels.txt
        synth --video --out DIR [--size WxH] [--fps F] [--seconds S] [--objects N] [--min-size PX] [--max-size PX]
              writes DIR/video.avi, DIR/gt/gt.txt (MOTChallenge), DIR/seqinfo.ini, DIR/labels.txt
        """;

    /// <summary><c>synth</c>'s values, typed. Size and minimum object size have one default per kind of output.</summary>
    internal sealed record Values(string Out, bool Video, int Count, int Seed, (int Width, int Height)? Size, int? MinSize, int MaxSize,
        int MaxObjects, double Truncated, double Fps, double Seconds, int Objects);

    public static Command Command(Func<Func<int>, int> guard)
    {
        var output = CliOptions.Text("--out", "output folder", required: true);
        var video = CliOptions.Flag("--video", "a MOT video with ground truth instead of a COCO image set");
        var count = CliOptions.Ranged("--count", "images", 1, 10_000_000, 1000);
        var seed = CliOptions.Ranged("--seed", "random seed", int.MinValue, int.MaxValue, 1);
        var size = CliOptions.Size("--size", "image or frame size (default 384x256 for images, 640x360 for --video)");
        var minSize = CliOptions.Optional("--min-size", "smallest object side in pixels (default 16 for images, 40 for --video)", 1, 100_000);
        var maxSize = CliOptions.Ranged("--max-size", "--video: largest object side in pixels", 1, 100_000, 100);
        var maxObjects = CliOptions.Ranged("--max-objects", "objects per image at most", 0, 10_000, 8);
        var truncated = CliOptions.Ranged("--truncated", "fraction of objects cut by the image border", 0.0, 1.0, 0.0);
        var fps = CliOptions.Ranged("--fps", "--video: frame rate", 0.1, 1000, 15.0);
        var seconds = CliOptions.Ranged("--seconds", "--video: length", 0.1, 86_400, 20.0);
        var objects = CliOptions.Ranged("--objects", "--video: objects in view at once", 0, 10_000, 4);
        var c = ToolkitCommands.Command("synth", "Synthetic COCO data set or MOT video", Usage,
            output, video, count, seed, size, minSize, maxSize, maxObjects, truncated, fps, seconds, objects);
        c.SetAction(r => guard(() => Run(new Values(r.GetValue(output)!, r.GetValue(video), r.GetValue(count), r.GetValue(seed), r.GetValue(size),
            r.GetValue(minSize), r.GetValue(maxSize), r.GetValue(maxObjects), r.GetValue(truncated), r.GetValue(fps), r.GetValue(seconds), r.GetValue(objects)))));
        return c;
    }

    public static int Run(Values v)
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
