using System.CommandLine;
using System.Text.Json;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Toolkit.Import;
using RetinaNet.Edge.Toolkit.Model;
using RetinaNet.Edge.Toolkit.Training;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>retinanet-toolkit import</c>: torchvision's COCO RetinaNet (weights written by
/// <c>tools/export_torchvision.py --weights-out</c>) as a toolkit checkpoint, to fine-tune with <c>train --init</c>.</summary>
internal static class ImportCommand
{
    public const string Usage = """
        import --weights MODEL.safetensors --out DIR [--size WxH]
              torchvision retinanet_resnet50_fpn weights (tools/export_torchvision.py --weights-out) as a checkpoint
              of the torchvision-resnet50-fpn preset; fine-tune it with: train --init DIR --data YOURS.json ...
        """;

    public static Command Command(Func<Func<int>, int> guard)
    {
        var weights = CliOptions.Text("--weights", "safetensors written by tools/export_torchvision.py --weights-out", required: true);
        var output = CliOptions.Text("--out", "checkpoint folder", required: true);
        var size = CliOptions.Size("--size", "input size (default: the size in the weights' metadata, else 800x800)");
        var c = ToolkitCommands.Command("import", "torchvision RetinaNet weights as a toolkit checkpoint", Usage, weights, output, size);
        c.SetAction(r => guard(() => Run(r.GetValue(weights)!, r.GetValue(output)!, r.GetValue(size))));
        return c;
    }

    public static int Run(string weightsPath, string output, (int Width, int Height)? size)
    {
        var weights = SafeTensors.Read(weightsPath);
        int width = size?.Width ?? (weights.Metadata.TryGetValue("width", out var w) ? int.Parse(w, System.Globalization.CultureInfo.InvariantCulture) : 800);
        int height = size?.Height ?? (weights.Metadata.TryGetValue("height", out var h) ? int.Parse(h, System.Globalization.CultureInfo.InvariantCulture) : 800);
        var classNames = weights.Metadata.TryGetValue("categories", out var c) ? JsonSerializer.Deserialize<string[]>(c) ?? [] : [];
        var config = RetinaNetConfig.Preset("torchvision-resnet50-fpn") with { InputWidth = width, InputHeight = height };
        using var model = new RetinaNetModel(config);
        model.eval();
        int count = TorchvisionImporter.Load(model, weights);
        if (classNames.Length != config.NumClasses) classNames = RetinaNet.Edge.Vision.Decoding.ClassNames.Unnamed(config.NumClasses);
        Checkpoint.Save(output, model, null, new CheckpointState(0, 0, 0, classNames, null, null));
        Console.WriteLine($"imported {count} tensors from {weightsPath} ({weights.Metadata.GetValueOrDefault("arch", "?")}, weights {weights.Metadata.GetValueOrDefault("weights", "?")}) " +
                          $"into {output}: preset torchvision-resnet50-fpn, {config.NumClasses} classes, input {width}x{height}, {model.ParameterCount():N0} parameters");
        return 0;
    }
}
