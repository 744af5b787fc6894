using System.CommandLine;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Toolkit.Adaptation;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>adapt</c>'s command line; its values are an <see cref="AdaptRequest"/>.</summary>
internal sealed class AdaptCli : ICommandLine<AdaptRequest>
{
    public const string Usage = """
        adapt (--video FILE | --stream URL --minutes N) --out DIR [--base models/retinanet-street.onnx]
              [--teacher models/teacher/nanodet.onnx] [--epochs 4] [--max-images 300] [--holdout 0.3]
              record → teacher labels (tracked, flicker dropped) → fine-tune from the base model → DIR/model.onnx and
              DIR/model-int8.onnx → AP before/after on the held-out tail (the last 30 %) → DIR/report.md
        """;

    private const string BaseModel = "models/retinanet-street.onnx", Teacher = "models/teacher/nanodet.onnx";

    private readonly Option<string?> _video = CliOptions.Text("--video", "a recording of the camera");
    private readonly Option<string?> _stream = CliOptions.Text("--stream", "the camera's stream URL (recorded for --minutes, no re-encode)");
    private readonly Option<double> _minutes = CliOptions.Ranged("--minutes", "minutes of --stream to record", 0.05, 600, 1.0);
    private readonly Option<string?> _out = CliOptions.Text("--out", "output folder", required: true);
    private readonly Option<string?> _base = CliOptions.Text("--base", $"float ONNX model to start from (default {BaseModel})");
    private readonly Option<string?> _teacher = CliOptions.Text("--teacher", $"teacher ONNX (default {Teacher})");
    private readonly Option<int> _epochs = CliOptions.Ranged("--epochs", "fine-tuning epochs", 1, 1000, 4);
    private readonly Option<int> _maxImages = CliOptions.Ranged("--max-images", "training images at most", 10, 100_000, 300);
    private readonly Option<double> _holdout = CliOptions.Ranged("--holdout", "share of the recording held out at its end", 0.05, 0.9, 0.3);
    private readonly Option<int> _batch = CliOptions.Ranged("--batch", "images per step", 1, 64, 4);
    private readonly Option<int> _maxIterations = CliOptions.Ranged("--max-iterations", "stop after this many iterations (0: the epochs decide)", 0, int.MaxValue, 0);
    private readonly Option<int> _threads = CliOptions.Ranged("--threads", "libtorch threads", 1, 1024, Environment.ProcessorCount);

    public Command Command()
    {
        var c = ToolkitCommands.Command("adapt", "Fine-tune the shipped model for your camera (teacher labels, offline)", Usage,
            _video, _stream, _minutes, _out, _base, _teacher, _epochs, _maxImages, _holdout, _batch, _maxIterations, _threads);
        c.Validators.Add(r => CliOptions.ExactlyOne(r, "give one of --video FILE or --stream URL", r.GetValue(_video), r.GetValue(_stream)));
        return c;
    }

    public AdaptRequest Bind(ParseResult r) => new()
    {
        Video = r.GetValue(_video), Stream = r.GetValue(_stream), Minutes = r.GetValue(_minutes), Output = r.GetValue(_out)!,
        BaseModel = r.GetValue(_base) ?? RepositoryFiles.Find(BaseModel) ?? BaseModel,
        Teacher = r.GetValue(_teacher) ?? RepositoryFiles.Find(Teacher) ?? Teacher,
        Epochs = r.GetValue(_epochs), MaxImages = r.GetValue(_maxImages), Holdout = r.GetValue(_holdout), BatchSize = r.GetValue(_batch),
        MaxIterations = r.GetValue(_maxIterations), Threads = r.GetValue(_threads),
    };
}
