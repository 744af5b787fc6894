using System.CommandLine;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Toolkit.Export;
using RetinaNet.Edge.Toolkit.Model;
using RetinaNet.Edge.Toolkit.Training;
using TorchSharp;

namespace RetinaNet.Edge.Toolkit.Cli;

internal static class ExportCommand
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

    /// <summary><c>export</c>'s values, typed.</summary>
    internal sealed record Values(string Out, string? Checkpoint, bool Untrained, string Preset, int Classes, (int Width, int Height)? Size, int Seed,
        string Precision, string? Calibration, int Images, Quantization.CalibrationMethod Method, bool FullClassMaps);

    public static Command Command(Func<Func<int>, int> guard)
    {
        var output = CliOptions.Text("--out", "ONNX model to write", required: true);
        var checkpoint = CliOptions.Text("--checkpoint", "checkpoint folder to export");
        var untrained = CliOptions.Flag("--untrained", "an untrained network of --preset (same compute as a trained one, for benchmarks)");
        var preset = new Option<string>("--preset") { Description = "--untrained: network preset", DefaultValueFactory = _ => "resnet50-fpn" };
        var classes = CliOptions.Ranged("--classes", "--untrained: classes", 1, 100_000, 80);
        var size = CliOptions.Size("--size", "--untrained: input size (default: the preset's)");
        var seed = CliOptions.Ranged("--seed", "--untrained: random seed", int.MinValue, int.MaxValue, 1);
        var precision = new Option<string>("--precision") { Description = "weights and activations", DefaultValueFactory = _ => "float32" }
            .AcceptOnlyFromAmong("float32", "float16", "int8", "int8-static");
        var calibration = new QuantizeCommand.CalibrationCli(required: false);
        var fullMaps = CliOptions.Flag("--full-class-maps", "keep the A·K class maps (default: best class per anchor reduced in the graph)");
        var c = ToolkitCommands.Command("export", "A checkpoint (or an untrained preset) as ONNX", Usage,
            output, checkpoint, untrained, preset, classes, size, seed, precision, calibration.Calibration, calibration.Images, calibration.Method, fullMaps);
        c.Validators.Add(r =>
        {
            if (r.GetValue(untrained) == (r.GetValue(checkpoint) is not null)) r.AddError("give --checkpoint DIR or --untrained (one of them)");
            if (r.GetValue(precision) == "int8-static" && r.GetValue(calibration.Calibration) is null) r.AddError("--precision int8-static needs --calibration");
        });
        c.SetAction(r => guard(() => Run(new Values(r.GetValue(output)!, r.GetValue(checkpoint), r.GetValue(untrained), r.GetValue(preset)!, r.GetValue(classes),
            r.GetValue(size), r.GetValue(seed), r.GetValue(precision)!, r.GetValue(calibration.Calibration), r.GetValue(calibration.Images),
            r.GetValue(calibration.Method), r.GetValue(fullMaps)))));
        return c;
    }

    public static int Run(Values v)
    {
        var output = v.Out;
        var precision = v.Precision switch
        {
            "float16" => OnnxPrecision.Float16,
            "int8" => OnnxPrecision.Int8Dynamic,
            _ => OnnxPrecision.Float32, // float32, and int8-static: exported float, then quantized below
        };
        Quantization.QuantizeOptions? quantize = v.Precision == "int8-static"
            ? new(v.Calibration ?? throw new ArgumentException("--precision int8-static needs --calibration"), v.Images, v.Method)
            : null;
        bool reduce = !v.FullClassMaps && precision == OnnxPrecision.Float32; // float16 / dynamic int8 keep the full maps
        var (created, labels) = Load(v);
        using var model = created;
        model.eval();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var proto = RetinaNetOnnxExporter.Build(model, labels, OnnxExportOptions.Default with { Precision = precision });
        if (quantize is not null)
        {
            var floatPath = Path.ChangeExtension(output, ".float32.onnx");
            Quantization.StaticQuantizer.Write(proto, floatPath);
            proto = Quantization.StaticQuantizer.Quantize(floatPath, quantize, Console.Out);
            File.Delete(floatPath);
        }
        if (reduce) proto = ClassReduction.Apply(proto);
        Quantization.StaticQuantizer.Write(proto, output);
        var labelPath = Path.ChangeExtension(output, ".labels.txt");
        File.WriteAllLines(labelPath, labels);
        Console.WriteLine($"wrote {output} ({new FileInfo(output).Length / 1e6:F1} MB, {model.ParameterCount():N0} parameters, input {model.Config.InputWidth}x{model.Config.InputHeight}) and {labelPath}");
        return 0;
    }

    /// <summary>The network to export: an untrained preset, or a trained checkpoint, with its labels.</summary>
    private static (RetinaNetModel Model, string[] Labels) Load(Values v)
    {
        RetinaNetModel model;
        string[] labels;
        if (v.Untrained)
        {
            torch.manual_seed(v.Seed);
            var config = RetinaNetConfig.Preset(v.Preset, v.Classes) with { NumClasses = v.Classes };
            if (v.Size is { } s) config = config with { InputWidth = s.Width, InputHeight = s.Height };
            labels = RetinaNet.Edge.Vision.Decoding.ClassNames.Unnamed(v.Classes);
#pragma warning disable CA2000 // returned to Run, which disposes it
            model = new RetinaNetModel(config);
#pragma warning restore CA2000
        }
        else
        {
            (model, var state) = Checkpoint.Load(v.Checkpoint ?? throw new ArgumentException("--checkpoint DIR or --untrained is required"));
            labels = state.ClassNames;
        }
        return (model, labels);
    }
}
