using RetinaNet.Edge.Vision.Synthetic;

namespace RetinaNet.Edge.Toolkit.Cli;

internal static class SynthCommand
{
    public const string Usage = """
        synth --out DIR [--count N] [--seed S] [--size WxH] [--min-size PX] [--max-objects N] [--truncated FRACTION]
              writes DIR/images/*.jpg, DIR/annotations.json (COCO), DIR/labels.txt
        synth --video --out DIR [--seed S] [--size WxH] [--fps F] [--seconds S] [--objects N] [--min-size PX] [--max-size PX]
              writes DIR/video.avi, DIR/gt/gt.txt (MOTChallenge), DIR/seqinfo.ini, DIR/labels.txt
        """;

    public static int Run(Args args)
    {
        var output = args.Required("out");
        int seed = args.Int("seed", 1);
        if (args.Flag("video"))
        {
            var (w, h) = args.Size("size") ?? (640, 360);
            var settings = new VideoSettings
            {
                Width = w, Height = h, Fps = args.Double("fps", 15), Seconds = args.Double("seconds", 20),
                Concurrent = args.Int("objects", 4), MinSize = (float)args.Double("min-size", 40), MaxSize = (float)args.Double("max-size", 100),
            };
            args.EnsureAllUsed();
            var path = new VideoGenerator(settings).Write(output, seed);
            Console.WriteLine($"wrote {path} and {Path.Combine(output, "gt", "gt.txt")}");
            return 0;
        }
        var (width, height) = args.Size("size") ?? (384, 256);
        var scene = new SceneSettings
        {
            Width = width, Height = height, MinSize = (float)args.Double("min-size", 16), MaxObjects = args.Int("max-objects", 8),
            TruncatedFraction = (float)args.Double("truncated", 0),
        };
        int count = args.Int("count", 1000);
        args.EnsureAllUsed();
        var data = SyntheticDataset.Write(output, count, seed, scene);
        Console.WriteLine($"wrote {data.Images.Count} images with {data.Annotations.Count} objects to {output}");
        return 0;
    }
}
