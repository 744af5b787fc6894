using RetinaNet.Edge.Toolkit.Model;
using RetinaNet.Edge.Toolkit.Training;

namespace RetinaNet.Edge.Toolkit.Cli;

internal static class TrainCommand
{
    public const string Usage = """
        train --data TRAIN.json --out DIR [--val VAL.json] [--preset edge-tiny|resnet18-fpn|...] [--size WxH]
              [--epochs N] [--batch N] [--lr X] [--warmup N] [--seed S] [--threads N] [--resume DIR/last] [--max-iterations N]
              [--init CHECKPOINT]   fine-tune from a checkpoint's weights (e.g. retinanet-toolkit import), at its preset and size
              checkpoints in DIR/last (resumable) and DIR/best (highest validation AP)
        """;

    public static int Run(Args args)
    {
        var options = new TrainOptions
        {
            TrainAnnotations = args.Required("data"),
            ValAnnotations = args.Text("val"),
            OutputDirectory = args.Required("out"),
            Epochs = args.Int("epochs", 12),
            BatchSize = args.Int("batch", 8),
            LearningRate = args.Double("lr", 0.01),
            WarmupIterations = args.Int("warmup", 300),
            Seed = args.Int("seed", 1),
            Threads = args.Int("threads", Environment.ProcessorCount),
            Resume = args.Text("resume"),
            Init = args.Text("init"),
            MaxIterations = args.Int("max-iterations", 0),
        };
        var config = RetinaNetConfig.Preset(args.Text("preset") ?? "edge-tiny");
        if (args.Size("size") is { } size) config = config with { InputWidth = size.W, InputHeight = size.H };
        args.EnsureAllUsed();
        var result = new Trainer(options, Console.Error).Run(config);
        Console.WriteLine($"trained {result.Iterations} iterations in {result.Seconds:F0} s; loss {result.FirstLoss:F4} → {result.FinalLoss:F4}; " +
                          $"val AP50 {result.ValAp50?.ToString("F4") ?? "n/a"} AP {result.ValAp?.ToString("F4") ?? "n/a"}; checkpoint {result.CheckpointFolder}");
        return 0;
    }
}
