using System.CommandLine;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Toolkit.Labelling;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>import</c>'s values, typed: exactly one source (<see cref="Weights"/>, <see cref="ImageNet"/> or <see cref="Onnx"/>).</summary>
internal sealed record ImportArgs(string? Weights, string? ImageNet, string? Onnx, string Preset, string[] Classes, string Out, (int Width, int Height)? Size);

/// <summary><c>import</c>'s command line.</summary>
internal sealed class ImportCli : ICommandLine<ImportArgs>
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

    private readonly Option<string?> _weights = CliOptions.Text("--weights", "safetensors written by tools/export_torchvision.py --weights-out");
    private readonly Option<string?> _imagenet = CliOptions.Text("--imagenet", "ImageNet ResNet18.onnx, or the Microsoft.ML.DnnImageFeaturizer.ResNet18 .nupkg holding it");
    private readonly Option<string?> _onnx = CliOptions.Text("--onnx", "a float32 ONNX file exported by this toolkit");
    private readonly Option<string> _preset = new("--preset") { Description = "network preset for --imagenet", DefaultValueFactory = _ => "resnet18-edge" };
    private readonly Option<string[]> _classes = CliOptions.Names("--classes", "class names for --imagenet, comma-separated", StreetClasses.Default);
    private readonly Option<string?> _out = CliOptions.Text("--out", "checkpoint folder", required: true);
    private readonly Option<(int Width, int Height)?> _size = CliOptions.Size("--size", "input size (default: the size in the weights' metadata, else 800x800)");

    public Command Command()
    {
        var c = ToolkitCommands.Command("import", "torchvision RetinaNet weights, or an ImageNet backbone, as a toolkit checkpoint", Usage,
            _weights, _imagenet, _onnx, _preset, _classes, _out, _size);
        c.Validators.Add(r => CliOptions.ExactlyOne(r, "give one of --weights (torchvision RetinaNet), --imagenet (ResNet-18 backbone) or --onnx (a toolkit export)",
            r.GetValue(_weights), r.GetValue(_imagenet), r.GetValue(_onnx)));
        return c;
    }

    public ImportArgs Bind(ParseResult r) => new(r.GetValue(_weights), r.GetValue(_imagenet), r.GetValue(_onnx), r.GetValue(_preset)!,
        r.GetValue(_classes)!, r.GetValue(_out)!, r.GetValue(_size));
}
