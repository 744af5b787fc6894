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
        import --onnx MODEL.onnx --out DIR
              a float32 ONNX file exported by this toolkit (e.g. models/retinanet-street.onnx) back as a checkpoint
        import --imagenet ResNet18.onnx|PACKAGE.nupkg --out DIR [--preset resnet18-edge] [--classes a,b,...] [--size WxH]
              ML.NET's ImageNet ResNet-18 (NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18) as the backbone of a new
              RetinaNet (FPN and heads initialised as the paper's); train it with: train --init DIR --data ...
        """;

    public static Command Command(Func<Func<int>, int> guard)
    {
        var weights = CliOptions.Text("--weights", "safetensors written by tools/export_torchvision.py --weights-out");
        var imagenet = CliOptions.Text("--imagenet", "ImageNet ResNet18.onnx, or the Microsoft.ML.DnnImageFeaturizer.ResNet18 .nupkg holding it");
        var onnx = CliOptions.Text("--onnx", "a float32 ONNX file exported by this toolkit");
        var preset = new Option<string>("--preset") { Description = "network preset for --imagenet", DefaultValueFactory = _ => "resnet18-edge" };
        var classes = CliOptions.Text("--classes", "class names for --imagenet, comma-separated (default: person,bicycle,car,motorcycle,bus,truck)");
        var output = CliOptions.Text("--out", "checkpoint folder", required: true);
        var size = CliOptions.Size("--size", "input size (default: the size in the weights' metadata, else 800x800)");
        var c = ToolkitCommands.Command("import", "torchvision RetinaNet weights, or an ImageNet backbone, as a toolkit checkpoint", Usage, weights, imagenet, onnx, preset, classes, output, size);
        c.SetAction(r => guard(() =>
        {
            string? w = r.GetValue(weights), i = r.GetValue(imagenet), o = r.GetValue(onnx);
            if (new[] { w, i, o }.Count(v => v is not null) != 1) throw new ArgumentException("give one of --weights (torchvision RetinaNet), --imagenet (ResNet-18 backbone) or --onnx (a toolkit export)");
            if (o is not null) return RunOnnx(o, r.GetValue(output)!);
            if (i is not null)
            {
                var names = r.GetValue(classes)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? Labelling.StreetClasses.Default;
                return RunImageNet(i, r.GetValue(output)!, r.GetValue(preset)!, names, r.GetValue(size));
            }
            return Run(w!, r.GetValue(output)!, r.GetValue(size));
        }));
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
