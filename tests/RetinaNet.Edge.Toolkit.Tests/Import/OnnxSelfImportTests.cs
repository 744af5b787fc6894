using RetinaNet.Edge.Toolkit.Cli;
using RetinaNet.Edge.Toolkit.Export;
using RetinaNet.Edge.Toolkit.Import;
using RetinaNet.Edge.Toolkit.Model;
using RetinaNet.Edge.Toolkit.Training;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Tests.Import;

/// <summary>A toolkit export read back as a trainable network (what <c>adapt</c> fine-tunes from): the same outputs
/// as the network that was exported, for trained-looking BatchNorm statistics.</summary>
[Collection("torch")]
public class OnnxSelfImportTests
{
    [Fact]
    public void Load_OwnExport_ForwardMatchesOriginal()
    {
        var dir = RepoPaths.TempFolder("selfimport");
        var config = RetinaNetConfig.Preset("edge-tiny", 3) with { FrozenBatchNorm = true, InputWidth = 128, InputHeight = 96 };
        manual_seed(4);
        using var original = new RetinaNetModel(config);
        using (no_grad())
        {
            foreach (var bn in original.modules().OfType<FrozenBatchNorm2d>())
            {
                bn.weight.uniform_(0.5, 1.5);
                bn.bias.uniform_(-0.5, 0.5);
                bn.running_mean.uniform_(-0.3, 0.3);
                bn.running_var.uniform_(0.5, 2);
            }
        }
        original.eval();
        var file = Path.Combine(dir, "m.onnx");
        RetinaNetOnnxExporter.Write(original, ["a", "b", "c"], file);
        Assert.Equal(0, ToolkitCli.Run(["import", "--onnx", file, "--out", Path.Combine(dir, "ckpt")]));
        var (imported, state) = Checkpoint.Load(Path.Combine(dir, "ckpt"));
        using (imported)
        {
            Assert.Equal(["a", "b", "c"], state.ClassNames);
            imported.eval();
            using var input = randn(2, 3, 96, 128);
            using var _ = no_grad();
            var (c1, b1) = original.forward(input);
            var (c2, b2) = imported.forward(input);
            double worst = 0;
            foreach (var (x, y) in c1.Concat(b1).Zip(c2.Concat(b2)))
                worst = Math.Max(worst, (x - y).abs().max().item<float>() / Math.Max(1e-6, x.abs().max().item<float>()));
            Assert.True(worst < 1e-4, $"max|Δ|/max|ref| {worst:E2}");
        }
        Assert.Equal(2, ToolkitCli.Run(["import", "--onnx", Path.Combine(dir, "missing.onnx"), "--out", Path.Combine(dir, "x")]));
    }
}
