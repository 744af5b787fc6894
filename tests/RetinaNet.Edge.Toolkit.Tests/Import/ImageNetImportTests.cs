using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RetinaNet.Edge.Toolkit.Cli;
using RetinaNet.Edge.Toolkit.Import;
using RetinaNet.Edge.Toolkit.Model;
using RetinaNet.Edge.Toolkit.Training;
using RetinaNet.Edge.Vision.Imaging;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Tests.Import;

/// <summary>ML.NET's ImageNet ResNet18.onnx (NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 0.24.0, fetched by the
/// test project's PackageDownload) imported into the toolkit's ResNet-18: its pooled C5 features equal ONNX Runtime's
/// output on the same input, and after the stem is rewritten for the agent's normalization, on the same image.</summary>
[Collection("torch")]
public class ImageNetImportTests
{
    internal static string PackageOnnx()
    {
        var root = typeof(ImageNetImportTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "NuGetPackageRoot").Value!;
        var path = Path.Combine(root, "microsoft.ml.dnnimagefeaturizer.resnet18", "0.24.0", ImageNetResNetImporter.PackageEntry);
        Assert.True(File.Exists(path), $"{path} missing: the test project's PackageDownload should have fetched it");
        return path;
    }

    private static float[] OnnxFeatures(float[] bgrMinusMean)
    {
        using var session = new InferenceSession(PackageOnnx());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("Input247", new DenseTensor<float>(bgrMinusMean, [1, 3, 224, 224]))]);
        return results[0].AsTensor<float>().ToArray();
    }

    private static float[] OurFeatures(RetinaNetModel model, float[] input)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        model.eval();
        var (_, _, c5) = model.backbone.forward(tensor(input, [1, 3, 224, 224]));
        return c5.mean([2, 3]).data<float>().ToArray();
    }

    private static double Ratio(float[] reference, float[] ours)
    {
        Assert.Equal(reference.Length, ours.Length);
        double maxRef = reference.Max(MathF.Abs), maxDiff = reference.Zip(ours, (a, b) => Math.Abs(a - b)).Max();
        return maxDiff / maxRef;
    }

    [Fact]
    public void Load_ImageNetResNet18_PooledFeaturesMatchOnnxRuntime()
    {
        var weights = ImageNetResNetImporter.Read(PackageOnnx());
        Assert.Equal(22, weights.Count);
        using var model = new RetinaNetModel(RetinaNetConfig.Preset("resnet18-edge", 6));
        Assert.Equal(22, ImageNetResNetImporter.Load(model, weights, "ResNet18.onnx"));

        // An image in the ONNX model's own space: BGR 0..255 minus its mean.
        var rng = new Random(11);
        var pixels = new byte[3 * 224 * 224];
        for (int y = 0; y < 224; y++)
            for (int x = 0; x < 224; x++)
                for (int c = 0; c < 3; c++) pixels[(c * 224 + y) * 224 + x] = (byte)Math.Clamp(128 + 90 * Math.Sin(x * 0.05 + c) * Math.Cos(y * 0.07 - c) + rng.Next(-30, 30), 0, 255); // BGR planes
        var cntk = new float[pixels.Length];
        for (int i = 0; i < cntk.Length; i++) cntk[i] = pixels[i] - ImageNetResNetImporter.CntkMeanBgr[i / (224 * 224)];
        var reference = OnnxFeatures(cntk);
        double raw = Ratio(reference, OurFeatures(model, cntk));
        Console.WriteLine($"ImageNet ResNet-18 import, pooled C5 (512) vs ONNX Runtime: max|Δ|/max|ref| {raw:E2}");
        Assert.True(raw < 1e-4, $"max|Δ|/max|ref| = {raw:E2}");

        // The stem rewritten for the agent's input: RGB planes, (v/255 − mean)/std.
        ImageNetResNetImporter.FoldPreprocessing(model);
        var agent = new float[pixels.Length];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 224 * 224; i++)
                agent[c * 224 * 224 + i] = (pixels[(2 - c) * 224 * 224 + i] / 255f - Preprocessor.Mean[c]) / Preprocessor.Std[c];
        double folded = Ratio(reference, OurFeatures(model, agent));
        Console.WriteLine($"  after folding the preprocessing (agent's RGB normalization): max|Δ|/max|ref| {folded:E2} (border padding differs by 0.4 grey levels)");
        Assert.True(folded < 2e-3, $"folded max|Δ|/max|ref| = {folded:E2}");
    }

    [Fact]
    public void Import_ImageNetNupkg_WritesCheckpointThatTrains()
    {
        var dir = RepoPaths.TempFolder("imagenet");
        var nupkg = Path.Combine(dir, "resnet18.nupkg");
        using (var zip = System.IO.Compression.ZipFile.Open(nupkg, System.IO.Compression.ZipArchiveMode.Create))
            System.IO.Compression.ZipFileExtensions.CreateEntryFromFile(zip, PackageOnnx(), ImageNetResNetImporter.PackageEntry);
        Assert.Equal(0, ToolkitCli.Run(["import", "--imagenet", nupkg, "--classes", "person,car", "--size", "256x192", "--out", Path.Combine(dir, "ckpt")]));
        var (model, state) = Checkpoint.Load(Path.Combine(dir, "ckpt"));
        using (model)
        {
            Assert.Equal(["person", "car"], state.ClassNames);
            Assert.True(model.Config.FreezeStem);
        }
        Assert.Equal(2, ToolkitCli.Run(["import", "--imagenet", Path.Combine(dir, "missing.onnx"), "--out", Path.Combine(dir, "x")]));
        Assert.Equal(2, ToolkitCli.Run(["import", "--imagenet", PackageOnnx(), "--preset", "resnet50-fpn", "--out", Path.Combine(dir, "y")]));
    }
}
