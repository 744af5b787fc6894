using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Imaging;

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

/// <summary>The model options of <c>detect</c>, <c>eval coco</c> and the benches, as given (null: not given).</summary>
internal sealed record ModelArgs(string? Config, string? Model, OutputLayout? Layout, string? Labels, float? ScoreThreshold, float? Nms,
    int? MaxDetections, int? TopK, ResizeMode? Resize, ExecutionProvider[]? Providers, bool? IntraOpSpinning)
{
    /// <summary>The model these arguments name: agent.json's <c>model</c> and <c>inference</c> sections when
    /// <c>--config</c> is given, each given option over them, checked by the same annotations as the agent's
    /// configuration. Without <c>--config</c> the model runs on the CPU provider.</summary>
    public ToolModel Resolve(string? defaultModel = null)
    {
        ModelOptions model;
        InferenceOptions inference;
        string baseDir, modelPath;
        if (Config is not null)
        {
            var (agent, dir, path) = ConfigLoader.LoadAgentOptions(Config);
            (model, inference, baseDir, modelPath) = (agent.Model, agent.Inference, dir, path);
            if (Model is not null) { modelPath = System.IO.Path.GetFullPath(Model); model.Path = modelPath; }
        }
        else
        {
            var file = Model ?? defaultModel ?? throw new ArgumentException("--model M.onnx or --config agent.json is required");
            modelPath = System.IO.Path.GetFullPath(file);
            (model, inference, baseDir) = (new ModelOptions { Path = modelPath }, new InferenceOptions { Providers = [ExecutionProvider.Cpu] }, Directory.GetCurrentDirectory());
        }
        if (!File.Exists(modelPath)) throw new ArgumentException($"--model: {modelPath}: model file not found");
        if (Labels is not null)
        {
            if (!File.Exists(Labels)) throw new ArgumentException($"--labels: {Labels}: file not found");
            model.Labels = System.IO.Path.GetFullPath(Labels);
        }
        model.Layout = Layout ?? model.Layout;
        model.ScoreThreshold = ScoreThreshold ?? model.ScoreThreshold;
        model.NmsThreshold = Nms ?? model.NmsThreshold;
        model.MaxDetections = MaxDetections ?? model.MaxDetections;
        model.TopKPerLevel = TopK ?? model.TopKPerLevel;
        model.Resize = Resize ?? model.Resize;
        inference.IntraOpSpinning = IntraOpSpinning ?? inference.IntraOpSpinning;
        if (Providers is { Length: > 0 }) inference.Providers = [.. Providers]; // absent: an empty list
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(model, new ValidationContext(model), results, validateAllProperties: true)
            | !Validator.TryValidateObject(inference, new ValidationContext(inference), results, validateAllProperties: true))
            throw new ArgumentException(string.Join("; ", results.Select(x => $"{x.MemberNames.FirstOrDefault()}: {x.ErrorMessage}")));
        return new ToolModel(modelPath, model, inference, baseDir);
    }
}

/// <summary>The model options as a command declares them (one set per command).</summary>
internal sealed class ModelCli
{
    private readonly Option<string?> _config = CliOptions.Text("--config", "take the model options from this agent.json");
    private readonly Option<string?> _model = CliOptions.Text("--model", "ONNX model (or model.path of --config)");
    private readonly Option<OutputLayout?> _layout = CliOptions.Choice<OutputLayout>("--layout", "output layout: A (ODTK/zoo), B (torchvision), C (end-to-end); default: from the model");
    private readonly Option<string?> _labels = CliOptions.Text("--labels", "label file, one name per line");
    private readonly Option<float?> _score = CliOptions.Optional("--score-threshold", $"decode threshold (default {Defaults.ScoreThreshold})", 0f, 1f);
    private readonly Option<float?> _nms = CliOptions.Optional("--nms", $"class-wise NMS IoU (default {Defaults.NmsThreshold})", 0f, 1f);
    private readonly Option<int?> _max = CliOptions.Optional("--max-detections", $"per image (default {Defaults.MaxDetections})", 1, 10_000);
    private readonly Option<int?> _topK = CliOptions.Optional("--top-k", $"candidates per pyramid level (default {Defaults.TopKPerLevel})", 1, 100_000);
    private readonly Option<ResizeMode?> _resize = CliOptions.Choice<ResizeMode>("--resize", "how images fit the input (default letterbox)");
    private readonly Option<ExecutionProvider[]?> _providers = CliOptions.List<ExecutionProvider>("--providers", "execution providers in order, e.g. cuda,cpu (default cpu)");
    private readonly Option<bool?> _spinning = new("--intra-op-spinning")
    {
        Description = "ONNX Runtime's idle threads spin (on) or sleep (off, the agent's default)",
        HelpName = "on|off",
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = r => r.Tokens.Count > 0 && r.Tokens[0].Value is "on" or "off" ? r.Tokens[0].Value == "on" : Error(r),
    };

    private static bool? Error(System.CommandLine.Parsing.ArgumentResult r)
    {
        r.AddError($"--intra-op-spinning: \"{(r.Tokens.Count > 0 ? r.Tokens[0].Value : "")}\" must be on or off");
        return null;
    }

    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { _config, _model, _layout, _labels, _score, _nms, _max, _topK, _resize, _providers, _spinning }) command.Options.Add(o);
    }

    public ModelArgs Bind(ParseResult r) => new(r.GetValue(_config), r.GetValue(_model), r.GetValue(_layout), r.GetValue(_labels), r.GetValue(_score),
        r.GetValue(_nms), r.GetValue(_max), r.GetValue(_topK), r.GetValue(_resize), r.GetValue(_providers), r.GetValue(_spinning));
}
