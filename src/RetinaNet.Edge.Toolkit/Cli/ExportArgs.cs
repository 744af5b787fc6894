using System.CommandLine;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Toolkit.Quantization;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>export</c>'s values, typed.</summary>
internal sealed record ExportArgs(string Out, string? Checkpoint, bool Untrained, string Preset, int Classes, (int Width, int Height)? Size, int Seed,
    string Precision, string? Calibration, int Images, CalibrationMethod Method, bool FullClassMaps)
{
    /// <summary>A trained checkpoint exported as float32 with the default reduced class maps.</summary>
    public static ExportArgs Float(string checkpoint, string output) =>
        new(output, checkpoint, false, "", 0, null, 0, "float32", null, 0, default, false);
}

/// <summary><c>export</c>'s command line.</summary>
internal sealed class ExportCli : ICommandLine<ExportArgs>
{
    public const string Usage = """
        export --checkpoint DIR --out MODEL.onnx
              a trained checkpoint as ONNX (layout A) plus MODEL.labels.txt
        export --untrained --preset resnet50-fpn [--classes 80] [--size 640x480] [--seed S] --out MODEL.onnx
              an untrained network of the same compute as a trained one, for benchmarks
        either form: [--precision float32|float16|int8|int8-static] (float16 weights and activations; int8: dynamic
              quantization; int8-static: QDQ calibrated on --calibration DIR|ANNOTATIONS.json|VIDEO [--images 100]
              [--method minmax|percentile|entropy], as the quantize command)
              [--full-class-maps]: keep the A·K class maps (default: best class per anchor reduced in the graph)
        """;

    private readonly Option<string?> _out = CliOptions.Text("--out", "ONNX model to write", required: true);
    private readonly Option<string?> _checkpoint = CliOptions.Text("--checkpoint", "checkpoint folder to export");
    private readonly Option<bool> _untrained = CliOptions.Flag("--untrained", "an untrained network of --preset (same compute as a trained one, for benchmarks)");
    private readonly Option<string> _preset = new("--preset") { Description = "--untrained: network preset", DefaultValueFactory = _ => "resnet50-fpn" };
    private readonly Option<int> _classes = CliOptions.Ranged("--classes", "--untrained: classes", 1, 100_000, 80);
    private readonly Option<(int Width, int Height)?> _size = CliOptions.Size("--size", "--untrained: input size (default: the preset's)");
    private readonly Option<int> _seed = CliOptions.Ranged("--seed", "--untrained: random seed", int.MinValue, int.MaxValue, 1);
    private readonly Option<string> _precision = new Option<string>("--precision") { Description = "weights and activations", DefaultValueFactory = _ => "float32" }
        .AcceptOnlyFromAmong("float32", "float16", "int8", "int8-static");
    private readonly CalibrationCli _calibration = new(required: false);
    private readonly Option<bool> _fullMaps = CliOptions.Flag("--full-class-maps", "keep the A·K class maps (default: best class per anchor reduced in the graph)");

    public Command Command()
    {
        var c = ToolkitCommands.Command("export", "A checkpoint (or an untrained preset) as ONNX", Usage,
            _out, _checkpoint, _untrained, _preset, _classes, _size, _seed, _precision, _calibration.Calibration, _calibration.Images, _calibration.Method, _fullMaps);
        c.Validators.Add(r =>
        {
            if (r.GetValue(_untrained) == (r.GetValue(_checkpoint) is not null)) r.AddError("give --checkpoint DIR or --untrained (one of them)");
            if (r.GetValue(_precision) == "int8-static" && r.GetValue(_calibration.Calibration) is null) r.AddError("--precision int8-static needs --calibration");
        });
        return c;
    }

    public ExportArgs Bind(ParseResult r) => new(r.GetValue(_out)!, r.GetValue(_checkpoint), r.GetValue(_untrained), r.GetValue(_preset)!, r.GetValue(_classes),
        r.GetValue(_size), r.GetValue(_seed), r.GetValue(_precision)!, r.GetValue(_calibration.Calibration), r.GetValue(_calibration.Images),
        r.GetValue(_calibration.Method), r.GetValue(_fullMaps));
}
