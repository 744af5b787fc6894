using RetinaNet.Edge.Toolkit.Quantization;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>retinanet-toolkit quantize</c>: static int8 (QDQ) of a float model.</summary>
internal static class QuantizeCommand
{
    public static int Run(QuantizeArgs a)
    {
        var (model, output) = (a.Model, a.Out);
        var quantized = StaticQuantizer.Quantize(model, a.Options, Console.Out);
        if (a.ReduceClasses) quantized = Export.ClassReduction.Apply(quantized);
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
