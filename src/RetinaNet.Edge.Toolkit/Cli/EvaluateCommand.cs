using RetinaNet.Edge.Toolkit.Training;

namespace RetinaNet.Edge.Toolkit.Cli;

internal static class EvaluateCommand
{
    public const string Usage = """
        evaluate --checkpoint DIR --data VAL.json [--threads N]
              COCO AP (AP@[.5:.95], AP50, AP75, by size) of a checkpoint on a COCO-format set
        """;

    public static int Run(Args args)
    {
        var folder = args.Required("checkpoint");
        var data = new DetectionDataset(args.Required("data"));
        TorchSharp.torch.set_num_threads(args.Int("threads", Environment.ProcessorCount));
        args.EnsureAllUsed();
        var (model, _) = Checkpoint.Load(folder);
        var (metrics, results) = ModelEvaluator.Evaluate(model, data);
        Console.WriteLine($"{data.Count} images, {results.Count} detections: {metrics}");
        return 0;
    }
}
