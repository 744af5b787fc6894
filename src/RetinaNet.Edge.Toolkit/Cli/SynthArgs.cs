using System.CommandLine;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>synth</c>'s values, typed. Size and minimum object size have one default per kind of output.</summary>
internal sealed record SynthArgs(string Out, bool Video, int Count, int Seed, (int Width, int Height)? Size, int? MinSize, int MaxSize,
    int MaxObjects, double Truncated, double Fps, double Seconds, int Objects);

/// <summary><c>synth</c>'s command line.</summary>
internal sealed class SynthCli : ICommandLine<SynthArgs>
{
    public const string Usage = """
        synth --out DIR [--count N] [--size WxH] [--min-size PX] [--max-objects N] [--truncated FRACTION]
              writes DIR/images/*.jpg, DIR/annotations.json (COCO), DIR/labels.txt
        synth --video --out DIR [--size WxH] [--fps F] [--seconds S] [--objects N] [--min-size PX] [--max-size PX]
              writes DIR/video.avi, DIR/gt/gt.txt (MOTChallenge), DIR/seqinfo.ini, DIR/labels.txt
        """;

    private readonly Option<string?> _out = CliOptions.Text("--out", "output folder", required: true);
    private readonly Option<bool> _video = CliOptions.Flag("--video", "a MOT video with ground truth instead of a COCO image set");
    private readonly Option<int> _count = CliOptions.Ranged("--count", "images", 1, 10_000_000, 1000);
    private readonly Option<int> _seed = CliOptions.Ranged("--seed", "random seed", int.MinValue, int.MaxValue, 1);
    private readonly Option<(int Width, int Height)?> _size = CliOptions.Size("--size", "image or frame size (default 384x256 for images, 640x360 for --video)");
    private readonly Option<int?> _minSize = CliOptions.Optional("--min-size", "smallest object side in pixels (default 16 for images, 40 for --video)", 1, 100_000);
    private readonly Option<int> _maxSize = CliOptions.Ranged("--max-size", "--video: largest object side in pixels", 1, 100_000, 100);
    private readonly Option<int> _maxObjects = CliOptions.Ranged("--max-objects", "objects per image at most", 0, 10_000, 8);
    private readonly Option<double> _truncated = CliOptions.Ranged("--truncated", "fraction of objects cut by the image border", 0.0, 1.0, 0.0);
    private readonly Option<double> _fps = CliOptions.Ranged("--fps", "--video: frame rate", 0.1, 1000, 15.0);
    private readonly Option<double> _seconds = CliOptions.Ranged("--seconds", "--video: length", 0.1, 86_400, 20.0);
    private readonly Option<int> _objects = CliOptions.Ranged("--objects", "--video: objects in view at once", 0, 10_000, 4);

    public Command Command() => ToolkitCommands.Command("synth", "Synthetic COCO data set or MOT video", Usage,
        _out, _video, _count, _seed, _size, _minSize, _maxSize, _maxObjects, _truncated, _fps, _seconds, _objects);

    public SynthArgs Bind(ParseResult r) => new(r.GetValue(_out)!, r.GetValue(_video), r.GetValue(_count), r.GetValue(_seed), r.GetValue(_size),
        r.GetValue(_minSize), r.GetValue(_maxSize), r.GetValue(_maxObjects), r.GetValue(_truncated), r.GetValue(_fps), r.GetValue(_seconds), r.GetValue(_objects));
}
