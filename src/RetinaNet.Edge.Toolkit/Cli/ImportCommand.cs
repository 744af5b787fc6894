using System.Text.Json;
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

    public static int Run(Args args)
    {
        var weightsPath = args.Required("weights");
        var output = args.Required("out");
        var size = args.Size("size");
        args.EnsureAllUsed();
        var weights = SafeTensors.Read(weightsPath);
        int width = size?.W ?? (weights.Metadata.TryGetValue("width", out var w) ? int.Parse(w, System.Globalization.CultureInfo.InvariantCulture) : 800);
        int height = size?.H ?? (weights.Metadata.TryGetValue("height", out var h) ? int.Parse(h, System.Globalization.CultureInfo.InvariantCulture) : 800);
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
