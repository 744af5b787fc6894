using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Tests.Hosting;

[Collection("console")]
public class EdgeAgentCliTests
{
    private static async Task<(int Code, string Err, string Out)> Run(params string[] args)
    {
        using var err = new StringWriter();
        using var output = new StringWriter();
        var (oldErr, oldOut) = (Console.Error, Console.Out);
        Console.SetError(err);
        Console.SetOut(output);
        try { return (await EdgeAgentCli.RunAsync(args), err.ToString(), output.ToString()); }
        finally { Console.SetError(oldErr); Console.SetOut(oldOut); }
    }

    private static string Folder(string agentJson, string cameraJson)
    {
        var dir = RepoPaths.TempFolder("cli");
        Directory.CreateDirectory(Path.Combine(dir, "cameras"));
        File.WriteAllText(Path.Combine(dir, "agent.json"), agentJson);
        File.WriteAllText(Path.Combine(dir, "cameras", "c.json"), cameraJson);
        File.WriteAllBytes(Path.Combine(dir, "clip.avi"), [0]);
        return dir;
    }

    [Fact]
    public async Task Validate_BadConfig_ExitCode2WithFileKeyValue()
    {
        var dir = Folder($$"""{ "model": { "path": "{{RepoPaths.DemoModel}}", "nmsThreshold": 3 } }""", """{ "name": "c", "url": "clip.avi" }""");
        var (code, err, _) = await Run("validate", "--config", Path.Combine(dir, "agent.json"));
        Assert.Equal(2, code);
        Assert.Contains("agent.json: 'model.nmsThreshold' = 3", err);
    }

    [Fact]
    public async Task Validate_GoodConfig_LoadsModelAndChecksLabels()
    {
        var dir = Folder($$"""{ "model": { "path": "{{RepoPaths.DemoModel}}" } }""", """{ "name": "c", "url": "clip.avi", "labels": ["circle"] }""");
        using (var ffmpeg = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ffmpeg",
                   ["-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10", "-t", "1", "-c:v", "mjpeg", Path.Combine(dir, "clip.avi")]))!)
            ffmpeg.WaitForExit();
        var (code, _, output) = await Run("validate", "--config", Path.Combine(dir, "agent.json"));
        Assert.Equal(0, code);
        Assert.Contains("configuration OK: 1 camera(s)", output);
        Assert.Contains("layout A, 4 classes", output);
    }

    [Fact]
    public async Task Validate_FileCameraNotAVideo_RejectedNamingFileAndKey()
    {
        var dir = Folder($$"""{ "model": { "path": "{{RepoPaths.DemoModel}}" } }""", """{ "name": "c", "url": "clip.avi" }""");
        var (code, err, _) = await Run("validate", "--config", Path.Combine(dir, "agent.json"));
        Assert.Equal(2, code);
        Assert.Contains("c.json: 'url' = \"clip.avi\": not a readable video", err);
    }

    [Fact]
    public async Task Validate_UnknownLabel_Rejected()
    {
        var dir = Folder($$"""{ "model": { "path": "{{RepoPaths.DemoModel}}" } }""", """{ "name": "c", "url": "clip.avi", "labels": ["unicorn"] }""");
        var (code, err, _) = await Run("validate", "--config", Path.Combine(dir, "agent.json"));
        Assert.Equal(2, code);
        Assert.Contains("'labels' = \"unicorn\": not one of the model's 4 labels", err);
    }

    [Fact]
    public async Task Run_CorruptModel_ExitCode2NamingFile()
    {
        var dir = Folder("""{ "model": { "path": "bad.onnx" }, "mqtt": { "embeddedPort": 1 } }""", """{ "name": "c", "url": "clip.avi" }""");
        File.WriteAllText(Path.Combine(dir, "bad.onnx"), "not a model");
        var (code, err, _) = await Run("run", "--config", Path.Combine(dir, "agent.json"));
        Assert.Equal(2, code);
        Assert.Contains("bad.onnx", err);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    [InlineData("help", "detect")]
    [InlineData("bench", "--help")]
    [InlineData("demo-video", "--help")]
    [InlineData("eval", "coco", "--help")]
    public async Task Help_AnyForm_Exit0WithoutConfigOrSideEffects(params string[] args)
    {
        var cwd = Directory.GetCurrentDirectory();
        var before = Directory.GetFileSystemEntries(cwd).Length;
        var (code, _, output) = await Run(args);
        Assert.Equal(0, code);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(cwd).Length); // nothing written (no bench-results, no "--help" folder)
    }

    [Fact]
    public async Task Version_PrintsVersion()
    {
        var (code, _, output) = await Run("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", output);
    }

    [Theory]
    [InlineData("bench", "--cameras", "abc")]
    [InlineData("bench", "--seconds", "-1")]
    [InlineData("detect", "--every", "0", "x.jpg")]
    [InlineData("demo-video", "out", "NaN")]
    [InlineData("frobnicate")]
    [InlineData("eval", "coco", "--model", "m.onnx")]
    [InlineData("detect", "--providers", "cpu,gpu", "x.jpg")]
    [InlineData("detect", "--resize", "squash", "x.jpg")]
    [InlineData("bench", "capture", "--size", "1920")]
    [InlineData("bench", "outbox", "--rate", "0")]
    public async Task BadArguments_Exit2BeforeAnyWork(params string[] args)
    {
        var (code, err, _) = await Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_EmptyCamerasFolder_OkWithOneLineSayingHowToAdd()
    {
        var dir = Folder($$"""{ "model": { "path": "{{RepoPaths.DemoModel}}" } }""", "{}");
        File.Delete(Path.Combine(dir, "cameras", "c.json"));
        var (code, _, output) = await Run("validate", "--config", Path.Combine(dir, "agent.json"));
        Assert.Equal(0, code);
        Assert.Contains("configuration OK: 0 camera(s)", output);
        Assert.Contains("no cameras yet: " + Path.Combine(dir, "cameras") + " is empty; add them while the agent runs", output);
    }

    [Fact]
    public async Task DemoVideo_Seed_ChoosesTheScene()
    {
        var dir = RepoPaths.TempFolder("demo-seed");
        string Truth(string name) => File.ReadAllText(Path.Combine(dir, name, "gt", "gt.txt"));
        Assert.Equal(0, (await Run("demo-video", Path.Combine(dir, "a"), "2", "--seed", "1")).Code);
        Assert.Equal(0, (await Run("demo-video", Path.Combine(dir, "b"), "2", "--seed", "1")).Code);
        Assert.Equal(0, (await Run("demo-video", Path.Combine(dir, "c"), "2", "--seed", "2")).Code);
        Assert.Equal(Truth("a"), Truth("b"));
        Assert.NotEqual(Truth("a"), Truth("c"));
    }
}
