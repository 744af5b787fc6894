using System.CommandLine;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Toolkit.Performance;

namespace RetinaNet.Edge.Toolkit.Cli;

internal static class FloorCommand
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    public const string Usage = """
        floor --model MODEL.onnx [--runs N] [--out DIR]
              CPU latency of an exported model against FLOPs ÷ measured sgemm rate, under several ONNX Runtime settings
        """;

    public static Command Command(Func<Func<int>, int> guard)
    {
        var model = CliOptions.Text("--model", "ONNX model", required: true);
        var runs = CliOptions.Ranged("--runs", "timed runs per setting", 1, 100_000, 5);
        var output = CliOptions.Text("--out", "also write floor.json into this folder");
        var c = ToolkitCommands.Command("floor", "CPU latency of a model against its FLOPs and the sgemm rate", Usage, model, runs, output);
        c.SetAction(r => guard(() => Run(r.GetValue(model)!, r.GetValue(runs), r.GetValue(output))));
        return c;
    }

    public static int Run(string model, int runs, string? outDir)
    {
        var result = FloorMeasurement.Run(model, runs, Console.Out);
        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
            var path = Path.Combine(outDir, "floor.json");
            File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new { date = DateTimeOffset.UtcNow, model, result }, Indented));
            Console.WriteLine($"wrote {path}");
        }
        return 0;
    }
}
