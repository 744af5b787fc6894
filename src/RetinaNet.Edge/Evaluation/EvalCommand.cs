using System.Text.Json;

namespace RetinaNet.Edge.Evaluation;

/// <summary><c>retinanet-edge eval coco|mot</c>: accuracy of a model (COCO AP on a COCO-json set) and of the whole
/// agent pipeline (MOT metrics on a video with MOTChallenge ground truth, from the file or through a real RTSP server).</summary>
internal static partial class EvalCommand
{
    public static async Task<int> CocoAsync(CocoArgs a)
    {
        var (data, results) = CocoResults(a.Model.Resolve(), Path.GetFullPath(a.Data));
        var m = Vision.Evaluation.CocoEvaluator.Evaluate(data, results);
        Console.WriteLine(m);
        var perCategory = Vision.Evaluation.CocoEvaluator.PerCategory(data, results);
        if (perCategory.Count > 1)
            foreach (var (name, objects, metrics) in perCategory) Console.WriteLine($"  {name,-12} {objects,5} objects  {metrics}");
        await WriteAsync(a.Out, "coco", m).ConfigureAwait(false);
        return 0;
    }

    public static async Task<int> MotAsync(MotArgs a)
    {
        var (mot, fps) = await MotAsync(a.Model, Path.GetFullPath(a.Video), a.Rtsp, a.MinVisibility, a.Out).ConfigureAwait(false);
        Console.WriteLine($"{mot}   ({fps:F1} frames/s through the pipeline)");
        await WriteAsync(a.Out, "mot", mot).ConfigureAwait(false);
        return 0;
    }

    private static async Task WriteAsync<T>(string? outDir, string name, T result)
    {
        if (outDir is null) return;
        Directory.CreateDirectory(outDir);
        var file = Path.Combine(outDir, $"eval-{name}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, Hosting.JsonOutput.Indented)).ConfigureAwait(false);
        Console.WriteLine($"wrote {file}");
    }
}
