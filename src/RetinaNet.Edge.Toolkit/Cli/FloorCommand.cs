using RetinaNet.Edge.Toolkit.Performance;

namespace RetinaNet.Edge.Toolkit.Cli;

internal static class FloorCommand
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    public const string Usage = """
        floor --model MODEL.onnx [--runs N] [--out DIR]
              CPU latency of an exported model against FLOPs ÷ measured sgemm rate, under several ONNX Runtime settings
        """;

    public static int Run(Args args)
    {
        var model = args.Required("model");
        int runs = args.Int("runs", 5);
        var outDir = args.Text("out");
        args.EnsureAllUsed();
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
