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

    public static int Run(Args args)
    {
        var output = args.Required("out");
        var precision = (args.Text("precision") ?? "float32") switch
        {
            "float32" => OnnxPrecision.Float32,
            "float16" => OnnxPrecision.Float16,
            "int8" => OnnxPrecision.Int8Dynamic,
            "int8-static" => OnnxPrecision.Float32, // exported float, then quantized below
            var p => throw new ArgumentException($"--precision must be float32, float16, int8 or int8-static, not '{p}'"),
        };
        bool staticInt8 = args.Text("precision") == "int8-static";
        Quantization.QuantizeOptions? quantize = staticInt8
            ? new(args.Required("calibration"), args.Int("images", 100), Enum.Parse<Quantization.CalibrationMethod>(args.Text("method") ?? "percentile", ignoreCase: true))
            : null;
        bool reduce = !args.Flag("full-class-maps") && precision == OnnxPrecision.Float32; // float16 / dynamic int8 keep the full maps
        var (created, labels) = Load(args);
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
    private static (RetinaNetModel Model, string[] Labels) Load(Args args)
    {
        RetinaNetModel model;
        string[] labels;
        if (args.Flag("untrained"))
        {
            int classes = args.Int("classes", 80);
            torch.manual_seed(args.Int("seed", 1));
            var config = RetinaNetConfig.Preset(args.Text("preset") ?? "resnet50-fpn", classes) with { NumClasses = classes };
            if (args.Size("size") is { } s) config = config with { InputWidth = s.W, InputHeight = s.H };
            args.EnsureAllUsed();
            labels = RetinaNet.Edge.Vision.Decoding.ClassNames.Unnamed(classes);
#pragma warning disable CA2000 // returned to Run, which disposes it
            model = new RetinaNetModel(config);
#pragma warning restore CA2000
        }
        else
        {
            var folder = args.Required("checkpoint");
            args.EnsureAllUsed();
            (model, var state) = Checkpoint.Load(folder);
            labels = state.ClassNames;
        }
        return (model, labels);
    }
}
