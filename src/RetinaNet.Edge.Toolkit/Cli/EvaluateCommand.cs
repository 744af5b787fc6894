using System.CommandLine;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Toolkit.Training;

namespace RetinaNet.Edge.Toolkit.Cli;

internal static class EvaluateCommand
{
    public const string Usage = """
        evaluate --checkpoint DIR --data VAL.json [--threads N]
              COCO AP (AP@[.5:.95], AP50, AP75, by size) of a checkpoint on a COCO-format set
        """;

    public static Command Command(Func<Func<int>, int> guard)
    {
        var checkpoint = CliOptions.Text("--checkpoint", "checkpoint folder", required: true);
        var data = CliOptions.Text("--data", "COCO-format annotations (images beside it)", required: true);
        var threads = CliOptions.Ranged("--threads", "libtorch threads", 1, 1024, Environment.ProcessorCount);
        var c = ToolkitCommands.Command("evaluate", "COCO AP of a checkpoint", Usage, checkpoint, data, threads);
        c.SetAction(r => guard(() => Run(r.GetValue(checkpoint)!, r.GetValue(data)!, r.GetValue(threads))));
        return c;
    }

    public static int Run(string checkpoint, string annotations, int threads)
    {
        var data = new DetectionDataset(annotations);
        TorchSharp.torch.set_num_threads(threads);
        var (model, _) = Checkpoint.Load(checkpoint);
        var (metrics, results) = ModelEvaluator.Evaluate(model, data);
        Console.WriteLine($"{data.Count} images, {results.Count} detections: {metrics}");
        return 0;
    }
}
