using System.CommandLine;
using OpenCvSharp;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Toolkit.Labelling;
using RetinaNet.Edge.Toolkit.Training;
using RetinaNet.Edge.Vision.Data;
using RetinaNet.Edge.Vision.Evaluation;

namespace RetinaNet.Edge.Toolkit.Cli;

internal static class EvaluateCommand
{
    public const string Usage = """
        evaluate --checkpoint DIR --data VAL.json [--threads N]
              COCO AP (AP@[.5:.95], AP50, AP75, by size) of a checkpoint on a COCO-format set, overall and per class
        evaluate --teacher NANODET.onnx --data VAL.json
              the same for the COCO teacher (its classes matched to the set's by name; score ≥ 0.05, NMS 0.6)
        """;

    public static Command Command(Func<Func<int>, int> guard)
    {
        var checkpoint = CliOptions.Text("--checkpoint", "checkpoint folder");
        var teacher = CliOptions.Text("--teacher", "teacher ONNX (tools/teacher/nanodet_import.py)");
        var data = CliOptions.Text("--data", "COCO-format annotations (images beside it)", required: true);
        var threads = CliOptions.Ranged("--threads", "libtorch threads", 1, 1024, Environment.ProcessorCount);
        var c = ToolkitCommands.Command("evaluate", "COCO AP of a checkpoint or of the teacher", Usage, checkpoint, teacher, data, threads);
        c.SetAction(r => guard(() =>
        {
            string? ck = r.GetValue(checkpoint), t = r.GetValue(teacher);
            if ((ck is null) == (t is null)) throw new ArgumentException("give one of --checkpoint or --teacher");
            return ck is not null ? Run(ck, r.GetValue(data)!, r.GetValue(threads)) : RunTeacher(t!, r.GetValue(data)!);
        }));
        return c;
    }

    public static int Run(string checkpoint, string annotations, int threads)
    {
        var data = new DetectionDataset(annotations);
        TorchSharp.torch.set_num_threads(threads);
        var (model, _) = Checkpoint.Load(checkpoint);
        var (metrics, results) = ModelEvaluator.Evaluate(model, data);
        Console.WriteLine($"{data.Count} images, {results.Count} detections: {metrics}");
        PrintPerCategory(data.Coco, results);
        return 0;
    }

    public static int RunTeacher(string teacherPath, string annotations)
    {
        var (data, results) = TeacherResults(teacherPath, annotations);
        Console.WriteLine($"teacher {Path.GetFileName(teacherPath)}: {data.Images.Count} images, {results.Count} detections: {CocoEvaluator.Evaluate(data, results)}");
        PrintPerCategory(data, results);
        return 0;
    }

    /// <summary>The teacher's detections on a COCO set's images, as COCO results of the set's categories.</summary>
    public static (CocoDataset Data, List<CocoResult> Results) TeacherResults(string teacherPath, string annotations)
    {
        if (!File.Exists(annotations)) throw new FileNotFoundException($"annotation file not found: {annotations}");
        var data = CocoDataset.Load(annotations);
        var root = Path.GetDirectoryName(Path.GetFullPath(annotations))!;
        var categories = data.Categories.OrderBy(c => c.Id).ToList();
        var keep = StreetClasses.Map([.. categories.Select(c => c.Name)]);
        using var teacher = new NanoDetTeacher(teacherPath);
        var results = new List<CocoResult>();
        foreach (var img in data.Images)
        {
            using var m = Cv2.ImRead(Path.Combine(root, img.FileName), ImreadModes.Color);
            if (m.Empty()) throw new InvalidDataException($"cannot read {img.FileName}");
            foreach (var d in teacher.Detect(m, keep, 0.05f))
                results.Add(new CocoResult { ImageId = img.Id, CategoryId = categories[d.ClassId].Id, Bbox = [d.Box.X1, d.Box.Y1, d.Box.Width, d.Box.Height], Score = d.Score });
        }
        return (data, results);
    }

    private static void PrintPerCategory(CocoDataset data, IReadOnlyList<CocoResult> results)
    {
        foreach (var (name, objects, metrics) in CocoEvaluator.PerCategory(data, results))
            Console.WriteLine($"  {name,-12} {objects,5} objects  {metrics}");
    }
}
