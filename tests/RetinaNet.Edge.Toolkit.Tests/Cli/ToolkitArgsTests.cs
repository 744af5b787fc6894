using System.CommandLine;
using RetinaNet.Edge.Toolkit.Cli;

namespace RetinaNet.Edge.Toolkit.Tests.Cli;

/// <summary>Each toolkit command's line binds into its one typed record, with the defaults its options declare.</summary>
public class ToolkitArgsTests
{
    // The toolkit's tests see ICommandLine twice (the agent's assembly and the toolkit's copy): bind by its two members.
    private static T Bind<T>(Func<Command> command, Func<ParseResult, T> bind, params string[] args)
    {
        var parsed = command().Parse(args);
        Assert.Empty(parsed.Errors);
        return bind(parsed);
    }

    private static TrainArgs Bind(TrainCli c, params string[] args) => Bind(c.Command, c.Bind, args);
    private static ImportArgs Bind(ImportCli c, params string[] args) => Bind(c.Command, c.Bind, args);
    private static RetinaNet.Edge.Toolkit.Labelling.LabelRequest Bind(LabelCli c, params string[] args) => Bind(c.Command, c.Bind, args);
    private static QuantizeArgs Bind(QuantizeCli c, params string[] args) => Bind(c.Command, c.Bind, args);
    private static ExportArgs Bind(ExportCli c, params string[] args) => Bind(c.Command, c.Bind, args);

    [Fact]
    public void Bind_Train_DeclaredDefaults()
    {
        var a = Bind(new TrainCli(), "--data", "t.json", "--out", "o");
        Assert.Equal(("t.json", "o", 12, 8, 0.01), (a.Options.TrainAnnotations, a.Options.OutputDirectory, a.Options.Epochs, a.Options.BatchSize, a.Options.LearningRate));
        Assert.Equal("edge-tiny", a.Preset);
        Assert.Null(a.Size);
    }

    [Fact]
    public void Bind_ImportClasses_ListOrStreetDefault()
    {
        Assert.Equal(RetinaNet.Edge.Toolkit.Labelling.StreetClasses.Default, Bind(new ImportCli(), "--imagenet", "r.onnx", "--out", "d").Classes);
        Assert.Equal(["person", "car"], Bind(new ImportCli(), "--imagenet", "r.onnx", "--classes", " person, ,car", "--out", "d").Classes);
    }

    [Fact]
    public void Bind_LabelScores_IntoThePersistenceFilter()
    {
        var r = Bind(new LabelCli(), "--teacher", "t.onnx", "--video", "v.avi", "--out", "d", "--score", "0.6", "--keep-score", "0.4", "--every", "6");
        Assert.Equal((0.6f, 0.4f, 6), (r.Filter.StartScore, r.Filter.KeepScore, r.Every));
    }

    [Fact]
    public void Bind_Quantize_CalibrationSharedWithExport()
    {
        var q = Bind(new QuantizeCli(), "--model", "f.onnx", "--calibration", "cal", "--out", "i.onnx");
        var e = Bind(new ExportCli(), "--untrained", "--precision", "int8-static", "--calibration", "cal", "--out", "m.onnx");
        Assert.Equal((q.Options.Images, q.Options.Method), (e.Images, e.Method));
        Assert.Equal("cal", e.Calibration);
    }
}
