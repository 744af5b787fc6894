using System.Text.Json;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Benchmarking;

internal static partial class BenchCommand
{
    /// <summary>Cameras 1, 2, 4, 8, 16 at 5 detect-fps each, paced files (<see cref="CameraSweep"/>): the largest
    /// count that keeps real time, and cost per camera.</summary>
    private static async Task<int> SweepAsync(ToolModel model, string video, double seconds, string outDir, string machine)
    {
        var (rows, best) = await CameraSweep.RunAsync([1, 2, 4, 8, 16], 5, n => PipelineAsync(model, video, n, seconds, paced: true, detectFps: 5)).ConfigureAwait(false);
        var json = Path.Combine(outDir, "sweep.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { date = DateTimeOffset.UtcNow, machine, model = model.Path, seconds, rows, largestRealTime = best }, Hosting.JsonOutput.Indented)).ConfigureAwait(false);
        Console.WriteLine($"wrote {json}");
        return 0;
    }
}
