using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RetinaNet.Edge.Toolkit.Export;
using RetinaNet.Edge.Toolkit.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Tests.Export;

[Collection("torch")]
public class OnnxExportParityTests
{
    [Theory]
    [InlineData("edge-tiny", 4, true)]
    [InlineData("resnet50-fpn", 3, false)] // bottleneck blocks, P6 from C5
    [InlineData("torchvision-resnet50-fpn", 3, false)] // frozen BN, P6 from P5
    public void Export_RandomInput_OnnxRuntimeMatchesTorchSharp(string preset, int classes, bool oddSize)
    {
        manual_seed(42);
        var config = RetinaNetConfig.Preset(preset, classes) with { NumClasses = classes, InputWidth = oddSize ? 200 : 256, InputHeight = oddSize ? 136 : 192 };
        using var model = new RetinaNetModel(config);
        RandomizeNormalization(model);
        model.eval();
        var path = Path.Combine(RepoPaths.TempFolder("export"), "model.onnx");
        RetinaNetOnnxExporter.Write(model, Enumerable.Range(0, classes).Select(i => $"c{i}").ToArray(), path);

        using var input = randn(2, 3, config.InputHeight, config.InputWidth);
        float[][] reference;
        using (no_grad())
        {
            var (cls, box) = model.forward(input);
            reference = cls.Select(c => c.sigmoid()).Concat(box).Select(t => t.contiguous().data<float>().ToArray()).ToArray();
        }

        using var session = new InferenceSession(path);
        Assert.Equal("input", session.InputNames.Single());
        Assert.Equal(["score_1", "score_2", "score_3", "score_4", "score_5", "box_1", "box_2", "box_3", "box_4", "box_5"], session.OutputNames);
        var dims = new[] { 2, 3, config.InputHeight, config.InputWidth };
        var onnxInput = new DenseTensor<float>(input.data<float>().ToArray(), dims);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", onnxInput)]);
        var outputs = results.Select(r => r.AsTensor<float>().ToArray()).ToArray();

        double maxRef = reference.Max(r => r.Max(MathF.Abs));
        double maxDiff = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            Assert.Equal(reference[i].Length, outputs[i].Length);
            for (int j = 0; j < reference[i].Length; j++) maxDiff = Math.Max(maxDiff, Math.Abs(reference[i][j] - outputs[i][j]));
        }
        double relative = maxDiff / maxRef;
        Console.WriteLine($"export parity {preset}: max|Δ| {maxDiff:E3}, max|ref| {maxRef:E3}, ratio {relative:E3}");
        Assert.True(relative < 1e-4, $"max|Δ|/max|ref| = {relative:E3}");
    }

    [Theory]
    [InlineData("float16", 5e-3)]
    [InlineData("int8", 5e-2)]
    public void Export_ReducedPrecision_CloseToFloat32(string precisionName, double tolerance)
    {
        var precision = precisionName == "float16" ? OnnxPrecision.Float16 : OnnxPrecision.Int8Dynamic;
        manual_seed(7);
        var config = RetinaNetConfig.Preset("edge-tiny", 4) with { NumClasses = 4, InputWidth = 128, InputHeight = 128 };
        using var model = new RetinaNetModel(config);
        RandomizeNormalization(model);
        model.eval();
        var dir = RepoPaths.TempFolder("precision");
        string[] labels = ["a", "b", "c", "d"];
        RetinaNetOnnxExporter.Write(model, labels, Path.Combine(dir, "f32.onnx"));
        RetinaNetOnnxExporter.Write(model, labels, Path.Combine(dir, "low.onnx"), OnnxExportOptions.Default with { Precision = precision });
        var input = new DenseTensor<float>(randn(1, 3, 128, 128).data<float>().ToArray(), [1, 3, 128, 128]);
        float[][] Run(string file)
        {
            using var session = new InferenceSession(Path.Combine(dir, file));
            using var r = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
            return r.Select(v => v.AsTensor<float>().ToArray()).ToArray();
        }
        var reference = Run("f32.onnx");
        var low = Run("low.onnx");
        double maxRef = reference.Max(r => r.Max(MathF.Abs)), maxDiff = 0;
        for (int i = 0; i < reference.Length; i++)
            for (int j = 0; j < reference[i].Length; j++) maxDiff = Math.Max(maxDiff, Math.Abs(reference[i][j] - low[i][j]));
        Console.WriteLine($"{precision}: max|Δ|/max|ref| = {maxDiff / maxRef:E2}");
        Assert.True(maxDiff / maxRef < tolerance, $"{precision}: {maxDiff / maxRef:E2}");
    }

    /// <summary>Gives every BatchNorm non-trivial statistics and affine values so that folding is really exercised.</summary>
    private static void RandomizeNormalization(RetinaNetModel model)
    {
        using var _ = no_grad();
        foreach (var (_, module) in model.named_modules())
        {
            if (module is BatchNorm2d bn)
            {
                bn.running_mean!.copy_(randn_like(bn.running_mean) * 0.1);
                bn.running_var!.copy_(rand_like(bn.running_var) + 0.5);
                bn.weight!.copy_(rand_like(bn.weight) + 0.5);
                bn.bias!.copy_(randn_like(bn.bias) * 0.1);
            }
            else if (module is FrozenBatchNorm2d f)
            {
                f.running_mean.copy_(randn_like(f.running_mean) * 0.1);
                f.running_var.copy_(rand_like(f.running_var) + 0.5);
                f.weight.copy_(rand_like(f.weight) + 0.5);
                f.bias.copy_(randn_like(f.bias) * 0.1);
            }
        }
    }
}
