using System.ComponentModel.DataAnnotations;
using System.Globalization;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Inference;

namespace RetinaNet.Edge.Hosting;

/// <summary>A model as a tool command uses it: the file, <c>model.*</c> (layout, labels, thresholds, resize) and
/// <c>inference.*</c> options, and the folder relative paths are resolved against.</summary>
internal sealed record ToolModel(string Path, ModelOptions Model, InferenceOptions Inference, string BaseDirectory)
{
    public static ToolModel Of(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        return new ToolModel(full, new ModelOptions { Path = full }, new InferenceOptions(), System.IO.Path.GetDirectoryName(full)!);
    }
}

/// <summary>The model options shared by <c>detect</c>, <c>eval coco</c> and <c>bench</c>: the same keys as agent.json's
/// <c>model</c> section, from <c>--config agent.json</c> and/or the command line (which wins), checked by the same
/// annotations as the agent's configuration.</summary>
internal static class ModelArguments
{
    public const string Usage = "[--config agent.json | --model M.onnx] [--layout A|B|C] [--labels FILE] [--score-threshold X] [--nms X] [--max-detections N] [--top-k N] [--resize letterbox|stretch] [--providers cpu[,cuda,tensorrt]] [--intra-op-spinning on|off]";

    public static readonly string[] Keys = ["config", "model", "layout", "labels", "score-threshold", "nms", "max-detections", "top-k", "resize", "providers", "intra-op-spinning"];

    public static ToolModel Parse(IReadOnlyDictionary<string, string> o, string? defaultModel = null)
    {
        ModelOptions model;
        InferenceOptions inference;
        string baseDir, modelPath;
        if (o.TryGetValue("config", out var config))
        {
            var (agent, dir, path) = ConfigLoader.LoadAgentOptions(config);
            (model, inference, baseDir, modelPath) = (agent.Model, agent.Inference, dir, path);
        }
        else
        {
            var file = o.GetValueOrDefault("model") ?? defaultModel ?? throw new ArgumentException("--model M.onnx or --config agent.json is required");
            modelPath = System.IO.Path.GetFullPath(file);
            (model, inference, baseDir) = (new ModelOptions { Path = modelPath }, new InferenceOptions { Providers = ["cpu"] }, Directory.GetCurrentDirectory());
        }
        if (o.TryGetValue("model", out var m) && config is not null) { modelPath = System.IO.Path.GetFullPath(m); model.Path = modelPath; }
        if (!File.Exists(modelPath)) throw new ArgumentException($"--model: {modelPath}: model file not found");
        if (o.TryGetValue("layout", out var layout)) model.Layout = layout;
        if (o.TryGetValue("labels", out var labels))
        {
            if (!File.Exists(labels)) throw new ArgumentException($"--labels: {labels}: file not found");
            model.Labels = System.IO.Path.GetFullPath(labels);
        }
        if (o.TryGetValue("score-threshold", out var t)) model.ScoreThreshold = Number<float>("score-threshold", t);
        if (o.TryGetValue("nms", out var n)) model.NmsThreshold = Number<float>("nms", n);
        if (o.TryGetValue("max-detections", out var md)) model.MaxDetections = Number<int>("max-detections", md);
        if (o.TryGetValue("top-k", out var k)) model.TopKPerLevel = Number<int>("top-k", k);
        if (o.TryGetValue("resize", out var r)) model.Resize = r;
        if (o.TryGetValue("intra-op-spinning", out var spin)) inference.IntraOpSpinning = spin == "on";
        if (o.TryGetValue("providers", out var p)) inference.Providers = [.. p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(model, new ValidationContext(model), results, validateAllProperties: true)
            | !Validator.TryValidateObject(inference, new ValidationContext(inference), results, validateAllProperties: true))
            throw new ArgumentException(string.Join("; ", results.Select(x => $"--{Kebab(x.MemberNames.FirstOrDefault() ?? "")}: {x.ErrorMessage}")));
        foreach (var provider in inference.Providers)
            if (provider is not ("tensorrt" or "cuda" or "cpu")) throw new ArgumentException($"--providers: \"{provider}\" must be tensorrt, cuda or cpu");
        return new ToolModel(modelPath, model, inference, baseDir);
    }

    private static T Number<T>(string key, string text) where T : IParsable<T> =>
        T.TryParse(text, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"--{key}: \"{text}\" is not a number");

    private static string Kebab(string member) => member switch
    {
        "ScoreThreshold" => "score-threshold", "NmsThreshold" => "nms", "MaxDetections" => "max-detections", "TopKPerLevel" => "top-k",
        _ => member.ToLowerInvariant(),
    };
}
