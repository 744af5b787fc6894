using System.Text.Json;
using RetinaNet.Edge.Detect;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Tests.Detect;

public class DetectCommandTests
{
    private const string Vtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
    private const string Baboon = "/usr/share/doc/opencv-doc/examples/data/baboon.jpg";

    private static List<JsonElement> Lines(string file) => File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public void Run_VideoEveryNthFrame_JsonLinesWithFullPrecisionAndAnnotatedJpegs()
    {
        var dir = RepoPaths.TempFolder("detect");
        var outFile = Path.Combine(dir, "d.jsonl");
        Assert.Equal(0, DetectCommand.Run(["--model", RepoPaths.DemoModel, "--every", "100", "--annotate", Path.Combine(dir, "ann"), "--out", outFile, Vtest]));
        var lines = Lines(outFile);
        Assert.Equal([0L, 100, 200, 300, 400, 500, 600, 700], lines.Select(l => l.GetProperty("frame").GetInt64()));
        Assert.All(lines, l => Assert.Equal(768, l.GetProperty("width").GetInt32()));
        var boxes = lines.SelectMany(l => l.GetProperty("detections").EnumerateArray()).ToList();
        Assert.NotEmpty(boxes);
        // Not rounded to 0.1 px: some coordinate has more than one decimal.
        Assert.Contains(boxes, b => b.GetProperty("box").GetProperty("x1").GetRawText().Split('.').ElementAtOrDefault(1)?.Length > 2);
        string[] shapes = ["circle", "square", "triangle", "cross"];
        Assert.All(boxes, b => Assert.Contains(b.GetProperty("label").GetString(), shapes));
        Assert.Equal(8, Directory.GetFiles(Path.Combine(dir, "ann"), "vtest-*.jpg").Length);
    }

    [Fact]
    public void Run_ScoreThresholdOption_FewerDetectionsAllAboveIt()
    {
        var dir = RepoPaths.TempFolder("detect");
        DetectCommand.Run(["--model", RepoPaths.DemoModel, "--out", Path.Combine(dir, "low.jsonl"), Baboon]);
        DetectCommand.Run(["--model", RepoPaths.DemoModel, "--score-threshold", "0.3", "--max-detections", "3", "--out", Path.Combine(dir, "high.jsonl"), Baboon]);
        var low = Lines(Path.Combine(dir, "low.jsonl"))[0].GetProperty("detections").EnumerateArray().ToList();
        var high = Lines(Path.Combine(dir, "high.jsonl"))[0].GetProperty("detections").EnumerateArray().ToList();
        Assert.True(high.Count <= 3 && high.Count < low.Count);
        Assert.All(high, d => Assert.True(d.GetProperty("score").GetSingle() >= 0.3f));
    }

    [Fact]
    public void Run_ConfigFile_UsesItsModelSection()
    {
        var dir = RepoPaths.TempFolder("detect");
        File.WriteAllText(Path.Combine(dir, "agent.json"), $$"""{ "model": { "path": "{{RepoPaths.DemoModel}}", "scoreThreshold": 0.4 } }""");
        DetectCommand.Run(["--config", Path.Combine(dir, "agent.json"), "--out", Path.Combine(dir, "d.jsonl"), Baboon]);
        Assert.All(Lines(Path.Combine(dir, "d.jsonl"))[0].GetProperty("detections").EnumerateArray(), d => Assert.True(d.GetProperty("score").GetSingle() >= 0.4f));
    }

    [Theory]
    [InlineData("--nms", "2")]
    [InlineData("--layout", "D")]
    [InlineData("--every", "0")]
    [InlineData("--score-threshold", "abc")]
    [InlineData("--bogus", "1")]
    public void Run_BadOption_ArgumentErrorBeforeAnyWork(string key, string value)
    {
        var e = Assert.Throws<ArgumentException>(() => DetectCommand.Run(["--model", RepoPaths.DemoModel, key, value, Baboon]));
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingInput_NamesIt()
    {
        var e = Assert.Throws<ArgumentException>(() => DetectCommand.Run(["--model", RepoPaths.DemoModel, "/nonexistent/x.jpg"]));
        Assert.Contains("/nonexistent/x.jpg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_DetectWithBadNumber_ExitCode2()
    {
        Assert.Equal(2, await EdgeAgentCli.RunAsync(["detect", "--model", RepoPaths.DemoModel, "--max-detections", "-1", Baboon]));
    }
}
