using RetinaNet.Edge.Toolkit.Export;
using RetinaNet.Edge.Toolkit.Model;
using RetinaNet.Edge.Toolkit.Training;
using TorchSharp;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>retinanet-toolkit export</c>: a checkpoint (or an untrained preset) as ONNX.</summary>
internal static class ExportCommand
{
    public static int Run(ExportArgs v)
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
    private static (RetinaNetModel Model, string[] Labels) Load(ExportArgs v)
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
