using System.CommandLine;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Toolkit.Labelling;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>label</c>'s command line; its values are a <see cref="LabelRequest"/>.</summary>
internal sealed class LabelCli : ICommandLine<LabelRequest>
{
    public const string Usage = """
        label --teacher NANODET.onnx --video FILE --out DIR [--from N] [--to N] [--every N] [--classes a,b,...]
              the teacher (tools/teacher/nanodet_import.py) on every frame of [from, to); boxes that persist are kept
              (tracked: start ≥ --score, continue ≥ --keep-score, ≥ --min-frames frames, gaps ≤ --max-gap filled),
              flicker is dropped; DIR/annotations.json (COCO) + DIR/images + DIR/tracks.txt (MOT, track ids)
        """;

    private readonly Option<string?> _teacher = CliOptions.Text("--teacher", "teacher ONNX (tools/teacher/nanodet_import.py)", required: true);
    private readonly Option<string?> _video = CliOptions.Text("--video", "video file", required: true);
    private readonly Option<string?> _out = CliOptions.Text("--out", "output folder", required: true);
    private readonly Option<int> _from = CliOptions.Ranged("--from", "first frame (0-based)", 0, int.MaxValue, 0);
    private readonly Option<int> _to = CliOptions.Ranged("--to", "end frame, exclusive (0: the end)", 0, int.MaxValue, 0);
    private readonly Option<int> _every = CliOptions.Ranged("--every", "write every Nth frame as an image", 1, 100_000, 1);
    private readonly Option<string[]> _classes = CliOptions.Names("--classes", "COCO classes to keep, comma-separated", StreetClasses.Default);
    private readonly Option<double> _score = CliOptions.Ranged("--score", "teacher score that starts a track", 0.01, 1, 0.5);
    private readonly Option<double> _keepScore = CliOptions.Ranged("--keep-score", "teacher score that continues a track", 0.01, 1, 0.3);
    private readonly Option<int> _minFrames = CliOptions.Ranged("--min-frames", "frames a track needs to be kept", 1, 10_000, 5);
    private readonly Option<int> _maxGap = CliOptions.Ranged("--max-gap", "frames a track may be unseen (filled by interpolation)", 0, 1000, 5);

    public Command Command()
    {
        var c = ToolkitCommands.Command("label", "Auto-label a video with the COCO teacher (COCO json)", Usage,
            _teacher, _video, _out, _from, _to, _every, _classes, _score, _keepScore, _minFrames, _maxGap);
        c.Validators.Add(r =>
        {
            if (r.GetValue(_keepScore) > r.GetValue(_score)) r.AddError($"--keep-score {r.GetValue(_keepScore)} is above --score {r.GetValue(_score)}");
        });
        return c;
    }

    public LabelRequest Bind(ParseResult r) => new(r.GetValue(_teacher)!, r.GetValue(_video)!, r.GetValue(_out)!, r.GetValue(_from), r.GetValue(_to),
        r.GetValue(_every), r.GetValue(_classes)!, new PersistenceSettings((float)r.GetValue(_score), (float)r.GetValue(_keepScore), MinFrames: r.GetValue(_minFrames), MaxGap: r.GetValue(_maxGap)));
}
