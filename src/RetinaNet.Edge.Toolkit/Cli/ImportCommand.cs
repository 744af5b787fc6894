using System.Text.Json;
using RetinaNet.Edge.Toolkit.Import;
using RetinaNet.Edge.Toolkit.Model;
using RetinaNet.Edge.Toolkit.Training;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>retinanet-toolkit import</c>: torchvision's COCO RetinaNet (weights written by
/// <c>tools/export_torchvision.py --weights-out</c>) as a toolkit checkpoint, to fine-tune with <c>train --init</c>.</summary>
internal static class ImportCommand
{
    public static int Run(ImportArgs a) =>
        a.Onnx is { } onnx ? RunOnnx(onnx, a.Out)
        : a.ImageNet is { } imagenet ? RunImageNet(imagenet, a.Out, a.Preset, a.Classes, a.Size)
        : Run(a.Weights!, a.Out, a.Size);

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

    public static int RunImageNet(string source, string output, string preset, string[] classNames, (int Width, int Height)? size)
    {
        if (classNames.Length == 0) throw new ArgumentException("--classes: no class named");
        var config = RetinaNetConfig.Preset(preset, classNames.Length);
        if (size is { } s) config = config with { InputWidth = s.Width, InputHeight = s.Height };
        config = config with { FrozenBatchNorm = true }; // imported weights go into frozen BatchNorm
        var weights = ImageNetResNetImporter.Read(source);
        using var model = new RetinaNetModel(config);
        int count = ImageNetResNetImporter.Load(model, weights, source);
        ImageNetResNetImporter.FoldPreprocessing(model);
        Checkpoint.Save(output, model, null, new CheckpointState(0, 0, 0, classNames, null, null));
        Console.WriteLine($"imported {count} ImageNet convolutions (with their BatchNorms) from {source} into {output}: preset {preset}, " +
                          $"{classNames.Length} classes ({string.Join(", ", classNames)}), input {config.InputWidth}x{config.InputHeight}, {model.ParameterCount():N0} parameters; " +
                          "stem rewritten for the agent's RGB ImageNet normalization");
        return 0;
    }

    public static int RunOnnx(string source, string output)
    {
        var (model, labels) = OnnxSelfImporter.Load(source);
        using (model)
        {
            Checkpoint.Save(output, model, null, new CheckpointState(0, 0, 0, labels, null, null));
            Console.WriteLine($"imported {source} into {output}: {model.Config.NumClasses} classes ({string.Join(", ", labels)}), input {model.Config.InputWidth}x{model.Config.InputHeight}, {model.ParameterCount():N0} parameters");
        }
        return 0;
    }
}
