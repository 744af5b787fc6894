using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Tests.Hosting;

[Collection("console")]
public class EdgeAgentCliTests
{
    private static async Task<(int Code, string Err, string Out)> Run(params string[] args)
    {
        var err = new StringWriter();
        var output = new StringWriter();
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
        var (code, _, output) = await Run("validate", "--config", Path.Combine(dir, "agent.json"));
        Assert.Equal(0, code);
        Assert.Contains("configuration OK: 1 camera(s)", output);
        Assert.Contains("layout A, 4 classes", output);
    }

    [Fact]
    public async Task Validate_UnknownLabel_Rejected()
    {
        var dir = Folder($$"""{ "model": { "path": "{{RepoPaths.DemoModel}}" } }""", """{ "name": "c", "url": "clip.avi", "labels": ["unicorn"] }""");
        var (code, err, _) = await Run("validate", "--config", Path.Combine(dir, "agent.json"));
        Assert.Equal(2, code);
        Assert.Contains("label 'unicorn' is not one of the model's labels", err);
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
}

[CollectionDefinition("console", DisableParallelization = true)]
public sealed class ConsoleCollection;
