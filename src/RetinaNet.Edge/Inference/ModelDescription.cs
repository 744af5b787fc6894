using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Vision.Anchors;
using RetinaNet.Edge.Vision.Decoding;

namespace RetinaNet.Edge.Inference;

/// <summary>What a loaded model is: input, layout, classes, labels, decoder settings — from <c>model.*</c>, the
/// model's metadata (<c>retinanet.*</c>), its outputs, and for raw heads one probe run that tells probabilities
/// (layout A, a Sigmoid inside) from logits (layout B). A layout that contradicts the model is refused at load.</summary>
internal static class ModelDescription
{
    public static ModelInfo Read(ModelOptions opts, AgentPaths paths, InferenceSession session, ILogger logger)
    {
        var path = paths.ModelPath;
        var meta = session.ModelMetadata.CustomMetadataMap;
        if (session.InputMetadata.Count != 1) throw new ModelLoadException($"{path}: expected one image input, found {session.InputMetadata.Count}");
        var (inputName, input) = session.InputMetadata.First();
        var dims = input.Dimensions;
        if (dims.Length != 4 || dims[1] != 3 || dims[2] <= 0 || dims[3] <= 0)
            throw new ModelLoadException($"{path}: input '{inputName}' has shape [{string.Join(",", dims)}]; expected [N,3,H,W] with a fixed H and W");
        var outputNames = session.OutputMetadata.Keys.ToArray();
        var layout = LayoutOf(path, opts.Layout?.ToString(), meta, session, inputName, (int)dims[2], (int)dims[3], outputNames, logger);
        bool reduced = layout == OutputLayout.A && meta.TryGetValue("retinanet.class_map", out var classMap) && classMap == "max";
        int numClasses;
        if (layout == OutputLayout.C) numClasses = 0;
        else if (reduced)
        {
            if (outputNames.Length != 15 || !meta.TryGetValue("retinanet.num_classes", out var kText) || !int.TryParse(kText, CultureInfo.InvariantCulture, out numClasses) || numClasses <= 0)
                throw new ModelLoadException($"{path}: retinanet.class_map = max needs 15 outputs (5 best-class scores, 5 boxes, 5 classes) and retinanet.num_classes");
        }
        else
        {
            var clsChannels = session.OutputMetadata[outputNames[0]].Dimensions[1];
            var boxChannels = session.OutputMetadata[outputNames[5]].Dimensions[1];
            if (clsChannels <= 0 || boxChannels <= 0 || boxChannels % 4 != 0 || clsChannels % (boxChannels / 4) != 0)
                throw new ModelLoadException($"{path}: output channels {clsChannels}/{boxChannels} do not fit A anchors × K classes / A × 4");
            numClasses = clsChannels / (boxChannels / 4);
        }
        var labels = LoadLabels(opts, paths, meta, numClasses);
        if (numClasses == 0) numClasses = labels.Count;
        float octave = opts.AnchorOctaveBase ?? (meta.TryGetValue("retinanet.anchor_octave_base", out var ob) ? float.Parse(ob, CultureInfo.InvariantCulture) : 4f);
        var decoder = new DecoderSettings
        {
            Layout = layout, NumClasses = numClasses, Anchors = new AnchorSettings { OctaveBase = octave },
            ScoreThreshold = opts.ScoreThreshold, TopKPerLevel = opts.TopKPerLevel, NmsThreshold = opts.NmsThreshold, MaxDetections = opts.MaxDetections,
            ClassReduced = reduced,
        };
        return new ModelInfo(path, inputName, (int)dims[3], (int)dims[2], dims[0] <= 0, layout, labels, decoder, outputNames);
    }

    internal static IReadOnlyList<string> LoadLabels(ModelOptions opts, AgentPaths paths, IDictionary<string, string> meta, int numClasses)
    {
        string[] labels;
        if (opts.Labels is { } file) labels = File.ReadAllLines(paths.Resolve(file)).Where(s => s.Length > 0).ToArray();
        else if (meta.TryGetValue("retinanet.labels", out var embedded)) labels = embedded.Split('\n');
        else if (numClasses == 80 || numClasses == 0) labels = CocoLabels.Names;
        else labels = Vision.Decoding.ClassNames.Unnamed(numClasses);
        if (numClasses > 0 && labels.Length != numClasses)
            throw new ModelLoadException($"{paths.ModelPath}: the model has {numClasses} classes but its label list has {labels.Length}");
        return labels;
    }


    /// <summary>The output layout: configured, from metadata, or inferred — and in every case checked against the model.</summary>
    private static OutputLayout LayoutOf(string path, string? configured, Dictionary<string, string> meta, InferenceSession session, string inputName,
        int height, int width, string[] outputNames, ILogger logger)
    {
        bool endToEnd = outputNames.Contains("labels") && (outputNames.Contains("dets") || (outputNames.Contains("boxes") && outputNames.Contains("scores")));
        string? declared = configured ?? (meta.TryGetValue("retinanet.layout", out var l) ? l : null);
        string source = configured is not null ? "model.layout" : "the model's retinanet.layout metadata";
        if (declared is not null && declared is not ("A" or "B" or "C"))
            throw new ModelLoadException($"{path}: {source} = \"{declared}\": must be A, B or C");
        if (declared == "C" || (declared is null && endToEnd))
        {
            if (!endToEnd)
                throw new ModelLoadException($"{path}: {source} says layout C (end-to-end), but the model's outputs are [{string.Join(", ", outputNames)}], " +
                    "not dets+labels or boxes+scores+labels" + (outputNames.Length == 10 ? " (10 raw head maps: layout A or B)" : ""));
            return OutputLayout.C;
        }
        bool reducedA = meta.TryGetValue("retinanet.class_map", out var cm) && cm == "max" && outputNames.Length == 15;
        if (outputNames.Length != 10 && !reducedA)
            throw new ModelLoadException($"{path}: " + (declared is null ? $"cannot tell the output layout from {outputNames.Length} outputs [{string.Join(", ", outputNames)}]; set model.layout (A, B or C)"
                : $"layout {declared} needs 5 class and 5 box outputs, the model has {outputNames.Length}"));
        var (min, max) = LayoutProbe.ClassOutputRange(session, inputName, height, width, outputNames[0]);
        bool probabilities = min >= 0 && max <= 1;
        var inferred = probabilities ? OutputLayout.A : OutputLayout.B;
        if (declared is null)
        {
            Log.LayoutInferred(logger, path, inferred.ToString(), probabilities ? "probabilities (a sigmoid inside: ODTK / ONNX zoo)" : "logits (torchvision)",
                min, max);
            return inferred;
        }
        var layout = Enum.Parse<OutputLayout>(declared);
        if (layout == OutputLayout.A && !probabilities)
            throw new ModelLoadException($"{path}: {source} says layout A (class outputs are probabilities), but a probe run gave class values in [{min:G4}, {max:G4}]: " +
                "the heads output logits — use layout B (torchvision)");
        if (layout == OutputLayout.B && probabilities)
            Log.LayoutDoubt(logger, path, min, max);
        return layout;
    }
}
