using RetinaNet.Edge.Toolkit.Export;
using RetinaNet.Edge.Toolkit.Export.Onnx;
using RetinaNet.Edge.Toolkit.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Import;

/// <summary>Reads a float32 ONNX file written by the toolkit's own exporter back into a trainable network, so the
/// shipped model (an ONNX file, not a checkpoint) can be fine-tuned: the file's <c>retinanet.config</c> metadata
/// rebuilds the network, an export of that network names each convolution's initializers (the exporter is
/// deterministic), and the file's tensors fill them. BatchNorm was folded at export: each backbone BatchNorm comes
/// back as an identity with the folded shift as its bias (frozen, as in training).</summary>
internal static class OnnxSelfImporter
{
    public static (RetinaNetModel Model, string[] Labels) Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"model not found: {path}");
        ModelProto proto;
        try { proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)); }
        catch (Google.Protobuf.InvalidProtocolBufferException e) { throw new InvalidDataException($"{path}: not an ONNX model ({e.Message})", e); }
        var meta = proto.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (!meta.TryGetValue("retinanet.config", out var json))
            throw new InvalidDataException($"{path}: no retinanet.config metadata; only float32 files exported by retinanet-toolkit can be fine-tuned");
        var config = RetinaNetConfig.FromJson(json);
        config = config with { FrozenBatchNorm = true }; // imported weights go into frozen BatchNorm
        string[] labels = meta.TryGetValue("retinanet.labels", out var l) ? l.Split('\n') : Vision.Decoding.ClassNames.Unnamed(config.NumClasses);
        var model = new RetinaNetModel(config);
        try
        {
            Fill(model, labels, proto, path);
            return (model, labels);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static void Fill(RetinaNetModel model, string[] labels, ModelProto proto, string path)
    {
        RetinaNetOnnxExporter.Build(model, labels, OnnxExportOptions.Default, out var names);
        var inits = proto.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var owners = model.modules().OfType<ConvBn>().ToDictionary(c => (object)c.conv, c => c, ReferenceEqualityComparer.Instance);
        using var _ = no_grad();
        foreach (var (module, (weight, bias)) in names)
        {
            var conv = (Conv2d)module;
            Copy(conv.weight!, OnnxInitializers.Floats(inits, weight, path).Data);
            var b = bias is null ? null : OnnxInitializers.Floats(inits, bias, path).Data;
            if (owners.TryGetValue(module, out var convBn))
            {
                var bn = (FrozenBatchNorm2d)convBn.bn;
                bn.weight.fill_(1);
                bn.running_mean.zero_();
                bn.running_var.fill_(1 - FrozenBatchNorm2d.Eps);
                Copy(bn.bias, b ?? throw new InvalidDataException($"{path}: {weight} has no bias"));
            }
            else if (conv.bias is not null) Copy(conv.bias, b ?? throw new InvalidDataException($"{path}: {weight} has no bias"));
        }
    }

    private static void Copy(Tensor target, float[] data)
    {
        if (target.numel() != data.Length) throw new InvalidDataException($"tensor of {target.numel()} values given {data.Length}; the file is not from this config");
        using var t = tensor(data, target.shape);
        target.copy_(t);
    }
}
