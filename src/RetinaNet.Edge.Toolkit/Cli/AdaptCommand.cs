using System.CommandLine;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Toolkit.Adaptation;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>retinanet-toolkit adapt</c>: the shipped model fine-tuned for one camera, offline, on the box.</summary>
internal static class AdaptCommand
{
    public const string Usage = """
        adapt (--video FILE | --stream URL --minutes N) --out DIR [--base models/retinanet-street.onnx]
              [--teacher models/teacher/nanodet.onnx] [--epochs 4] [--max-images 300] [--holdout 0.3]
              record → teacher labels (tracked, flicker dropped) → fine-tune from the base model → DIR/model.onnx and
              DIR/model-int8.onnx → AP before/after on the held-out tail (the last 30 %) → DIR/report.md
        """;

    public static Command Command(Func<Func<int>, int> guard)
    {
        var video = CliOptions.Text("--video", "a recording of the camera");
        var stream = CliOptions.Text("--stream", "the camera's stream URL (recorded for --minutes, no re-encode)");
        var minutes = CliOptions.Ranged("--minutes", "minutes of --stream to record", 0.05, 600, 1.0);
        var output = CliOptions.Text("--out", "output folder", required: true);
        var baseModel = CliOptions.Text("--base", "float ONNX model to start from (default models/retinanet-street.onnx)");
        var teacher = CliOptions.Text("--teacher", "teacher ONNX (default models/teacher/nanodet.onnx)");
        var epochs = CliOptions.Ranged("--epochs", "fine-tuning epochs", 1, 1000, 4);
        var maxImages = CliOptions.Ranged("--max-images", "training images at most", 10, 100_000, 300);
        var holdout = CliOptions.Ranged("--holdout", "share of the recording held out at its end", 0.05, 0.9, 0.3);
        var batch = CliOptions.Ranged("--batch", "images per step", 1, 64, 4);
        var maxIterations = CliOptions.Ranged("--max-iterations", "stop after this many iterations (0: the epochs decide)", 0, int.MaxValue, 0);
        var threads = CliOptions.Ranged("--threads", "libtorch threads", 1, 1024, Environment.ProcessorCount);
        var c = ToolkitCommands.Command("adapt", "Fine-tune the shipped model for your camera (teacher labels, offline)", Usage,
            video, stream, minutes, output, baseModel, teacher, epochs, maxImages, holdout, batch, maxIterations, threads);
        c.SetAction(r => guard(() =>
        {
            if ((r.GetValue(video) is null) == (r.GetValue(stream) is null)) throw new ArgumentException("give one of --video FILE or --stream URL");
            var report = new AdaptRunner(new AdaptRequest
            {
                Video = r.GetValue(video), Stream = r.GetValue(stream), Minutes = r.GetValue(minutes), Output = r.GetValue(output)!,
                BaseModel = r.GetValue(baseModel) ?? RepoFile("models/retinanet-street.onnx"), Teacher = r.GetValue(teacher) ?? RepoFile("models/teacher/nanodet.onnx"),
                Epochs = r.GetValue(epochs), MaxImages = r.GetValue(maxImages), Holdout = r.GetValue(holdout), BatchSize = r.GetValue(batch),
                MaxIterations = r.GetValue(maxIterations), Threads = r.GetValue(threads),
            }, Console.Error).Run();
            Console.WriteLine($"adapted in {report.Seconds / 60:F1} min: held-out AP50 {report.Before.Ap50:F3} → {report.After.Ap50:F3} (AP {report.Before.Ap:F3} → {report.After.Ap:F3}); " +
                              $"{report.FloatModel}, {report.Int8Model}; report {Path.Combine(Path.GetDirectoryName(report.FloatModel)!, "report.md")}");
            return 0;
        }));
        return c;
    }

    /// <summary>A file of the installed toolkit or of the repository it runs from.</summary>
    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        return relative;
    }
}
