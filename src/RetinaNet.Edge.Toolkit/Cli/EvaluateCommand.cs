using OpenCvSharp;
using RetinaNet.Edge.Toolkit.Labelling;
using RetinaNet.Edge.Toolkit.Training;
using RetinaNet.Edge.Vision.Data;
using RetinaNet.Edge.Vision.Evaluation;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>retinanet-toolkit evaluate</c>: COCO AP of a checkpoint or of the teacher.</summary>
internal static class EvaluateCommand
{
    public static int Run(EvaluateArgs a) => a.Checkpoint is { } checkpoint ? Run(checkpoint, a.Data, a.Threads) : RunTeacher(a.Teacher!, a.Data);

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
