using RetinaNet.Edge.Toolkit.Quantization;

namespace RetinaNet.Edge.Toolkit.Cli;

internal static class QuantizeCommand
{
    public const string Usage = """
        quantize --model FLOAT.onnx --calibration DIR|ANNOTATIONS.json|VIDEO --out INT8.onnx
                 [--images 100] [--method minmax|percentile|entropy] [--quantize-heads] [--reduce-classes]
              static int8 in QDQ form (uint8 activations, int8 per-channel weights), calibrated on frames
              preprocessed as the agent does; heads' last convolutions stay float unless --quantize-heads.
              --reduce-classes: also reduce a layout-A model's class maps in the graph (best class per anchor).
              Prints how ONNX Runtime fuses it (QLinearConv vs float Conv) and the file sizes.
        """;

    public static int Run(Args args)
    {
        var model = args.Required("model");
        var output = args.Required("out");
        var options = new QuantizeOptions(args.Required("calibration"), args.Int("images", 100),
            Enum.Parse<CalibrationMethod>(args.Text("method") ?? "percentile", ignoreCase: true), args.Flag("quantize-heads"));
        bool reduce = args.Flag("reduce-classes");
        args.EnsureAllUsed();
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
