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
}
