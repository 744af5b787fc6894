using System.CommandLine;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Toolkit.Quantization;

namespace RetinaNet.Edge.Toolkit.Cli;

internal static class QuantizeCommand
{
    public const string Usage = """
        quantize --model FLOAT.onnx --calibration DIR|ANNOTATIONS.json|VIDEO --out INT8.onnx
              static int8 in QDQ form (uint8 activations, int8 per-channel weights), calibrated on frames
              preprocessed as the agent does; heads' last convolutions stay float unless --quantize-heads.
              --reduce-classes: also reduce a layout-A model's class maps in the graph (best class per anchor).
              Prints how ONNX Runtime fuses it (QLinearConv vs float Conv) and the file sizes.
        """;

    /// <summary>The calibration options <c>quantize</c> and <c>export --precision int8-static</c> share, declared once.</summary>
    internal sealed class CalibrationCli(bool required)
    {
        public Option<string?> Calibration { get; } = CliOptions.Text("--calibration", "frames to calibrate on: a folder of images, a COCO annotations file or a video", required);
        public Option<int> Images { get; } = CliOptions.Ranged("--images", "calibration frames", 1, 100_000, 100);
        public Option<CalibrationMethod> Method { get; } = new("--method") { Description = "how activation ranges are chosen", DefaultValueFactory = _ => CalibrationMethod.Percentile };
    }

    public static Command Command(Func<Func<int>, int> guard)
    {
        var model = CliOptions.Text("--model", "float ONNX model", required: true);
        var output = CliOptions.Text("--out", "int8 ONNX model to write", required: true);
        var calibration = new CalibrationCli(required: true);
        var heads = CliOptions.Flag("--quantize-heads", "quantize the heads' last convolutions too");
        var reduce = CliOptions.Flag("--reduce-classes", "reduce a layout-A model's class maps in the graph");
        var c = ToolkitCommands.Command("quantize", "Static int8 (QDQ) of a float ONNX model, calibrated on frames", Usage,
            model, calibration.Calibration, output, calibration.Images, calibration.Method, heads, reduce);
        c.SetAction(r => guard(() => Run(r.GetValue(model)!, r.GetValue(output)!,
            new QuantizeOptions(r.GetValue(calibration.Calibration)!, r.GetValue(calibration.Images), r.GetValue(calibration.Method), r.GetValue(heads)), r.GetValue(reduce))));
        return c;
    }

    public static int Run(string model, string output, QuantizeOptions options, bool reduce)
    {
        var quantized = StaticQuantizer.Quantize(model, options, Console.Out);
        if (reduce) quantized = Export.ClassReduction.Apply(quantized);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        StaticQuantizer.Write(quantized, output);
        var labels = Path.ChangeExtension(model, ".labels.txt");
        if (File.Exists(labels)) File.Copy(labels, Path.ChangeExtension(output, ".labels.txt"), overwrite: true);
        var fusion = StaticQuantizer.Fusion(output);
        Console.WriteLine($"ONNX Runtime (CPU, extended optimizations) runs: {fusion}");
        Console.WriteLine($"fused integer convolutions {fusion.FusedConvolutions}, float convolutions {fusion.FloatConvolutions}");
        Console.WriteLine($"wrote {output}: {new FileInfo(output).Length / 1e6:F2} MB (float {new FileInfo(model).Length / 1e6:F2} MB)");
        return 0;
    }
}
