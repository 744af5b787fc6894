using System.CommandLine;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Toolkit.Model;
using RetinaNet.Edge.Toolkit.Training;

namespace RetinaNet.Edge.Toolkit.Cli;

internal static class TrainCommand
{
    public const string Usage = """
        train --data TRAIN.json --out DIR [--val VAL.json] [--preset edge-tiny|resnet18-fpn|...] [--size WxH] ...
              checkpoints in DIR/last (resumable) and DIR/best (highest validation AP);
              --init CHECKPOINT fine-tunes from a checkpoint's weights (e.g. retinanet-toolkit import), at its preset and size
        """;

    /// <summary><c>train</c>'s values, typed.</summary>
    internal sealed record Values(TrainOptions Options, string Preset, (int Width, int Height)? Size);

    public static Command Command(Func<Func<int>, int> guard)
    {
        var data = CliOptions.Text("--data", "COCO-format training annotations (images beside it)", required: true);
        var output = CliOptions.Text("--out", "checkpoint folder", required: true);
        var val = CliOptions.Text("--val", "COCO-format validation annotations");
        var preset = new Option<string>("--preset") { Description = "network preset", DefaultValueFactory = _ => "edge-tiny" };
        var size = CliOptions.Size("--size", "input size (default: the preset's)");
        var epochs = CliOptions.Ranged("--epochs", "epochs", 1, 100_000, 12);
        var batch = CliOptions.Ranged("--batch", "images per step", 1, 4096, 8);
        var lr = CliOptions.Ranged("--lr", "learning rate", 1e-9, 10, 0.01);
        var warmup = CliOptions.Ranged("--warmup", "warm-up iterations", 0, 10_000_000, 300);
        var seed = CliOptions.Ranged("--seed", "random seed", int.MinValue, int.MaxValue, 1);
        var threads = CliOptions.Ranged("--threads", "libtorch threads", 1, 1024, Environment.ProcessorCount);
        var resume = CliOptions.Text("--resume", "resume from DIR/last");
        var maxIterations = CliOptions.Ranged("--max-iterations", "stop after this many iterations (0: the epochs decide)", 0, int.MaxValue, 0);
        var init = CliOptions.Text("--init", "start from this checkpoint's weights");
        var c = ToolkitCommands.Command("train", "Train on COCO-format data with focal loss", Usage,
            data, output, val, preset, size, epochs, batch, lr, warmup, seed, threads, resume, maxIterations, init);
        c.SetAction(r => guard(() => Run(new Values(new TrainOptions
        {
            TrainAnnotations = r.GetValue(data)!, ValAnnotations = r.GetValue(val), OutputDirectory = r.GetValue(output)!,
            Epochs = r.GetValue(epochs), BatchSize = r.GetValue(batch), LearningRate = r.GetValue(lr), WarmupIterations = r.GetValue(warmup),
            Seed = r.GetValue(seed), Threads = r.GetValue(threads), Resume = r.GetValue(resume), Init = r.GetValue(init), MaxIterations = r.GetValue(maxIterations),
        }, r.GetValue(preset)!, r.GetValue(size)))));
        return c;
    }

    public static int Run(Values v)
    {
        // A fine-tune or resume keeps its checkpoint's network and size unless --size is given.
        RetinaNetConfig? config = v.Options.Init is null && v.Options.Resume is null ? RetinaNetConfig.Preset(v.Preset) : null;
        if (v.Size is { } size) config = (config ?? RetinaNetConfig.Preset(v.Preset)) with { InputWidth = size.Width, InputHeight = size.Height };
        var result = new Trainer(v.Options, Console.Error).Run(config);
        Console.WriteLine($"trained {result.Iterations} iterations in {result.Seconds:F0} s; loss {result.FirstLoss:F4} → {result.FinalLoss:F4}; " +
                          $"val AP50 {result.ValAp50?.ToString("F4") ?? "n/a"} AP {result.ValAp?.ToString("F4") ?? "n/a"}; checkpoint {result.CheckpointFolder}");
        return 0;
    }
}
