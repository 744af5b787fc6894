using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RetinaNet.Edge.Toolkit.Cli;
using RetinaNet.Edge.Toolkit.Import;
using RetinaNet.Edge.Toolkit.Model;
using RetinaNet.Edge.Toolkit.Training;
using RetinaNet.Edge.Vision.Synthetic;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Tests.Import;

/// <summary>torchvision's retinanet_resnet50_fpn (random weights, random BatchNorm statistics) exported by
/// tools/export_torchvision.py — the ONNX file and its weights as safetensors — imported into the toolkit's preset:
/// the imported network's forward pass equals ONNX Runtime on the exported file, then it fine-tunes.</summary>
[Collection("torch")]
public class TorchvisionImportTests
{
    [Fact]
    public void Import_TorchvisionWeights_ForwardMatchesOnnxRuntimeAndFineTunes()
    {
        var dir = RepoPaths.TempFolder("import");
        string onnx = Path.Combine(dir, "tv.onnx"), weights = Path.Combine(dir, "tv.safetensors");
        ExternalTool.Run("/usr/bin/python3", Path.Combine(RepoPaths.Root, "tools", "export_torchvision.py"), "--weights", "NONE", "--height", "192", "--width", "256",
            "--randomize-norm", "--seed", "3", "--out", onnx, "--weights-out", weights);

        Assert.Equal(0, ToolkitCli.Run(["import", "--weights", weights, "--out", Path.Combine(dir, "ckpt")]));
        var (model, state) = Checkpoint.Load(Path.Combine(dir, "ckpt"));
        using (model)
        {
            Assert.Equal(91, state.ClassNames.Length);
            Assert.Equal("person", state.ClassNames[1]);
            model.eval();
            manual_seed(5);
            using var input = randn(2, 3, 192, 256);
            float[][] ours;
            using (no_grad())
            {
                var (cls, box) = model.forward(input);
                ours = cls.Concat(box).Select(t => t.contiguous().data<float>().ToArray()).ToArray();
            }
            using var session = new InferenceSession(onnx);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(input.data<float>().ToArray(), [2, 3, 192, 256]))]);
            var reference = results.Select(r => r.AsTensor<float>().ToArray()).ToArray();
            double maxRef = reference.Max(r => r.Max(MathF.Abs)), maxDiff = 0;
            for (int i = 0; i < reference.Length; i++)
            {
                Assert.Equal(reference[i].Length, ours[i].Length);
                for (int j = 0; j < reference[i].Length; j++) maxDiff = Math.Max(maxDiff, Math.Abs(reference[i][j] - ours[i][j]));
            }
            Console.WriteLine($"import parity torchvision retinanet_resnet50_fpn: max|Δ| {maxDiff:E3}, max|ref| {maxRef:E3}, ratio {maxDiff / maxRef:E3}");
            Assert.True(maxDiff / maxRef < 1e-4, $"max|Δ|/max|ref| = {maxDiff / maxRef:E3}");
        }

        // Fine-tune on a (tiny) dataset of another class count: the class output starts afresh, everything else is kept.
        SyntheticDataset.Write(Path.Combine(dir, "data"), 2, seed: 7, new SceneSettings { Width = 256, Height = 192, MaxObjects = 2 });
        var result = new Trainer(new TrainOptions
        {
            TrainAnnotations = Path.Combine(dir, "data", "annotations.json"), OutputDirectory = Path.Combine(dir, "tuned"),
            Init = Path.Combine(dir, "ckpt"), Epochs = 1, BatchSize = 2, MaxIterations = 1, WarmupIterations = 1, Threads = 2,
        }, TextWriter.Null).Run(null);
        Assert.Equal(1, result.Iterations);
        Assert.True(double.IsFinite(result.FinalLoss));
        RepoPaths.Remove(dir); // 650 MB of ResNet-50 files
    }

    [Theory]
    [InlineData("backbone.body.conv1.weight", "backbone.stem.conv.weight")]
    [InlineData("backbone.body.layer3.5.bn2.running_var", "backbone.stages.2.5.convs.1.bn.running_var")]
    [InlineData("backbone.body.layer2.0.downsample.1.bias", "backbone.stages.1.0.downsample.bn.bias")]
    [InlineData("backbone.fpn.inner_blocks.2.0.weight", "fpn.lateral5.weight")]
    [InlineData("backbone.fpn.layer_blocks.0.0.bias", "fpn.smooth3.bias")]
    [InlineData("backbone.fpn.extra_blocks.p7.weight", "fpn.p7.weight")]
    [InlineData("head.classification_head.conv.3.0.weight", "cls_head.tower.3.weight")]
    [InlineData("head.regression_head.bbox_reg.bias", "box_head.output.bias")]
    [InlineData("head.classification_head.cls_logits.weight", "cls_head.output.weight")]
    public void MapName_TorchvisionName_ToolkitName(string torchvision, string toolkit) => Assert.Equal(toolkit, TorchvisionImporter.MapName(torchvision));
}
