using RetinaNet.Edge.Toolkit.Performance;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>retinanet-toolkit floor</c>: latency against FLOPs ÷ sgemm.</summary>
internal static class FloorCommand
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Run(FloorArgs a)
    {
        var (model, outDir) = (a.Model, a.Out);
        var result = FloorMeasurement.Run(model, a.Runs, Console.Out);
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
