using System.Globalization;
using System.Text.Json;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Evaluation;

/// <summary><c>retinanet-edge eval coco|mot</c>: accuracy of a model (COCO AP on a COCO-json set) and of the whole
/// agent pipeline (MOT metrics on a video with MOTChallenge ground truth, from the file or through a real RTSP server).</summary>
internal static partial class EvalCommand
{
    public const string Usage = """
        eval coco [MODEL OPTIONS] --data ANNOTATIONS.json [--out DIR]
        eval mot  --model M.onnx --video DIR (video.avi + gt/gt.txt) [--rtsp] [--min-visibility 0.3] [--out DIR]
        """ + "  MODEL OPTIONS: " + ModelArguments.Usage;

    public static async Task<int> RunAsync(string subcommand, IReadOnlyDictionary<string, string> opts)
    {
        string[] args = [subcommand];
        string Need(string k) => opts.TryGetValue(k, out var v) ? v : throw new ArgumentException($"--{k} is required\n{Usage}");
        var tool = ModelArguments.Parse(opts);
        var model = tool.Path;
        var outDir = opts.GetValueOrDefault("out");
        object result;
        switch (args.FirstOrDefault())
        {
            case "coco":
                var m = Coco(tool, Path.GetFullPath(Need("data")));
                Console.WriteLine(m);
                result = m;
                break;
            case "mot":
                var minVis = float.Parse(opts.GetValueOrDefault("min-visibility", "0.3"), CultureInfo.InvariantCulture);
                var (mot, fps) = await MotAsync(model, Path.GetFullPath(Need("video")), opts.ContainsKey("rtsp"), minVis, outDir).ConfigureAwait(false);
                Console.WriteLine($"{mot}   ({fps:F1} frames/s through the pipeline)");
                result = mot;
                break;
            default:
                throw new ArgumentException(Usage);
        }
        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
            var file = Path.Combine(outDir, $"eval-{args[0]}.json");
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, result.GetType(), Hosting.JsonOutput.Indented)).ConfigureAwait(false);
            Console.WriteLine($"wrote {file}");
        }
        return 0;
    }
}
