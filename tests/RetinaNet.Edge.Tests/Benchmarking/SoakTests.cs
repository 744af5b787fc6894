using System.Text.Json;
using RetinaNet.Edge.Benchmarking;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Benchmarking;

/// <summary>The soak, three minutes of it (the two-hour run is a benchmark command, README): the real agent process,
/// real mosquitto restarted twice, the RTSP server, camera files churning every 10 s, viewers of every kind. Bounds are
/// looser than the long run's (20 % drift: three minutes are mostly warm-up), the rest as strict: nothing lost, no
/// decoder or helper left behind, a clean exit. A planted leak of one buffer per live viewer made it fail (README).</summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Soak_ThreeMinutesOfChurn_FlatAndNothingLost()
    {
        var outDir = RepoPaths.TempFolder("soak");
        int code = await BenchCommand.RunAsync(["soak", "--minutes", "3", "--warmup-minutes", "1", "--sample-seconds", "5", "--churn-seconds", "10",
            "--outage-every", "60", "--outage-seconds", "10", "--size", "640x360", "--bound-percent", "20", "--out", outDir]);
        var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "soak.json"))).RootElement;
        output.WriteLine(summary.ToString());
        Assert.True(code == 0, $"soak failed: {summary.GetProperty("Problems")}");
        Assert.True(summary.GetProperty("outages").GetArrayLength() >= 2);
        foreach (var kind in new[] { "mse", "mjpeg", "sse", "hls" }) Assert.True(summary.GetProperty("viewers").GetProperty(kind).GetInt32() > 0, kind);
        Assert.True(summary.GetProperty("events").GetProperty("Appended").GetInt64() > 1000);
        Assert.True(File.ReadAllLines(Path.Combine(outDir, "soak.csv")).Length > 30);
        Assert.True(new FileInfo(Path.Combine(outDir, "soak.png")).Length > 10_000);
    }
}
