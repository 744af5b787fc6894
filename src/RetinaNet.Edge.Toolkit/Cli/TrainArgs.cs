using System.CommandLine;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Toolkit.Training;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>train</c>'s values, typed.</summary>
internal sealed record TrainArgs(TrainOptions Options, string Preset, (int Width, int Height)? Size);

/// <summary><c>train</c>'s command line.</summary>
internal sealed class TrainCli : ICommandLine<TrainArgs>
{
    public const string Usage = """
        train --data TRAIN.json --out DIR [--val VAL.json] [--preset edge-tiny|resnet18-fpn|...] [--size WxH] ...
              checkpoints in DIR/last (resumable) and DIR/best (highest validation AP);
              --init CHECKPOINT fine-tunes from a checkpoint's weights (e.g. retinanet-toolkit import), at its preset and size
        """;

    private readonly Option<string?> _data = CliOptions.Text("--data", "COCO-format training annotations (images beside it)", required: true);
    private readonly Option<string?> _out = CliOptions.Text("--out", "checkpoint folder", required: true);
    private readonly Option<string?> _val = CliOptions.Text("--val", "COCO-format validation annotations");
    private readonly Option<string> _preset = new("--preset") { Description = "network preset", DefaultValueFactory = _ => "edge-tiny" };
    private readonly Option<(int Width, int Height)?> _size = CliOptions.Size("--size", "input size (default: the preset's)");
    private readonly Option<int> _epochs = CliOptions.Ranged("--epochs", "epochs", 1, 100_000, 12);
    private readonly Option<int> _batch = CliOptions.Ranged("--batch", "images per step", 1, 4096, 8);
    private readonly Option<double> _lr = CliOptions.Ranged("--lr", "learning rate", 1e-9, 10, 0.01);
    private readonly Option<int> _warmup = CliOptions.Ranged("--warmup", "warm-up iterations", 0, 10_000_000, 300);
    private readonly Option<int> _seed = CliOptions.Ranged("--seed", "random seed", int.MinValue, int.MaxValue, 1);
    private readonly Option<int> _threads = CliOptions.Ranged("--threads", "libtorch threads", 1, 1024, Environment.ProcessorCount);
    private readonly Option<string?> _resume = CliOptions.Text("--resume", "resume from DIR/last");
    private readonly Option<int> _maxIterations = CliOptions.Ranged("--max-iterations", "stop after this many iterations (0: the epochs decide)", 0, int.MaxValue, 0);
    private readonly Option<string?> _init = CliOptions.Text("--init", "start from this checkpoint's weights");

    public Command Command() => ToolkitCommands.Command("train", "Train on COCO-format data with focal loss", Usage,
        _data, _out, _val, _preset, _size, _epochs, _batch, _lr, _warmup, _seed, _threads, _resume, _maxIterations, _init);

    public TrainArgs Bind(ParseResult r) => new(new TrainOptions
    {
        TrainAnnotations = r.GetValue(_data)!, ValAnnotations = r.GetValue(_val), OutputDirectory = r.GetValue(_out)!,
        Epochs = r.GetValue(_epochs), BatchSize = r.GetValue(_batch), LearningRate = r.GetValue(_lr), WarmupIterations = r.GetValue(_warmup),
        Seed = r.GetValue(_seed), Threads = r.GetValue(_threads), Resume = r.GetValue(_resume), Init = r.GetValue(_init), MaxIterations = r.GetValue(_maxIterations),
    }, r.GetValue(_preset)!, r.GetValue(_size));
}
