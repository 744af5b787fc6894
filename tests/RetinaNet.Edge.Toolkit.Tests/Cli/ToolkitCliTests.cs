using RetinaNet.Edge.Toolkit.Cli;

namespace RetinaNet.Edge.Toolkit.Tests.Cli;

[Collection("torch")] // captures the console: not in parallel with other tests that print
public class ToolkitCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (o, e) = (Console.Out, Console.Error);
        using var outW = new StringWriter();
        using var errW = new StringWriter();
        Console.SetOut(outW);
        Console.SetError(errW);
        try { return (ToolkitCli.Run(args), outW.ToString(), errW.ToString()); }
        finally { Console.SetOut(o); Console.SetError(e); }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("synth", "--help")]
    [InlineData("train", "--help")]
    [InlineData("export", "--help")]
    [InlineData("evaluate", "--help")]
    [InlineData("floor", "--help")]
    [InlineData("import", "--help")]
    [InlineData("quantize", "--help")]
    [InlineData("label", "--help")]
    [InlineData("adapt", "--help")]
    [InlineData("help", "train")]
    public void Help_EveryCommand_Exit0(params string[] args)
    {
        var (code, output, _) = Run(args);
        Assert.Equal(0, code);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train", "--data", "x.json", "--out", "o", "--epochs", "abc")]
    [InlineData("train", "--data", "x.json", "--out", "o", "--size", "640")]
    [InlineData("export", "--out", "m.onnx", "--precision", "int4")]
    [InlineData("synth", "--out", "d", "--count", "-5")]
    [InlineData("floor")]
    [InlineData("bogus")]
    [InlineData("export", "--out", "m.onnx")]
    [InlineData("evaluate", "--data", "x.json")]
    [InlineData("evaluate", "--data", "x.json", "--checkpoint", "c", "--teacher", "t.onnx")]
    [InlineData("import", "--out", "d")]
    [InlineData("import", "--weights", "w.safetensors", "--onnx", "m.onnx", "--out", "d")]
    [InlineData("import", "--imagenet", "r.onnx", "--classes", ",", "--out", "d")]
    [InlineData("adapt", "--out", "d")]
    [InlineData("label", "--teacher", "t.onnx", "--video", "v.avi", "--out", "d", "--score", "0.3", "--keep-score", "0.5")]
    public void BadArguments_Exit2WithoutWork(params string[] args)
    {
        var (code, _, err) = Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_MissingData_Exit2NamingIt()
    {
        var (code, _, err) = Run("train", "--data", "/nonexistent/train.json", "--out", Path.Combine(RepoPaths.TempFolder("cli"), "o"));
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/train.json", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_Int8StaticWithCalibration_QdqFileWithReducedClassMapsTheAgentLoads()
    {
        var root = RepoPaths.TempFolder("export-int8");
        var calibration = Path.Combine(root, "cal");
        Vision.Synthetic.SyntheticDataset.Write(calibration, 8, 5, new Vision.Synthetic.SceneSettings { Width = 384, Height = 256 });
        var output = Path.Combine(root, "tiny-int8.onnx");
        var (code, text, err) = Run("export", "--untrained", "--preset", "edge-tiny", "--classes", "4", "--precision", "int8-static",
            "--calibration", Path.Combine(calibration, "annotations.json"), "--images", "8", "--out", output);
        Assert.True(code == 0, err + text);
        Assert.Contains("calibration: 8 frame(s)", text, StringComparison.Ordinal);
        var model = RetinaNet.Edge.Toolkit.Export.Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(output));
        Assert.Contains(model.MetadataProps, p => p.Key == "retinanet.quantization");
        Assert.Contains(model.MetadataProps, p => p.Key == "retinanet.class_map" && p.Value == "max");
        Assert.True(RetinaNet.Edge.Toolkit.Quantization.StaticQuantizer.Fusion(output).FusedConvolutions > 0);
        var config = new Configuration.AgentConfig(new Configuration.AgentOptions { Inference = new Inference.InferenceOptions { Providers = [RetinaNet.Edge.Inference.ExecutionProvider.Cpu] } }, [], root, output);
        using var detector = RetinaNet.Edge.Hosting.ToolHost.Detector(config, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.True(detector.Model.Decoder.ClassReduced);
        Assert.Equal(4, detector.Model.Labels.Count);
    }
}
