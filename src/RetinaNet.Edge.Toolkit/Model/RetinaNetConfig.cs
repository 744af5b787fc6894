using System.Text.Json;
using System.Text.Json.Serialization;
using RetinaNet.Edge.Vision.Anchors;

namespace RetinaNet.Edge.Toolkit.Model;

public enum BlockKind { Basic, Bottleneck }

/// <summary>Everything that shapes a RetinaNet: backbone depth and width, FPN, heads, classes, input size, anchors.</summary>
public sealed record RetinaNetConfig
{
    /// <summary>Residual blocks per stage (ResNet-18: 2,2,2,2; -34: 3,4,6,3; -50: 3,4,6,3 bottleneck; -101: 3,4,23,3).</summary>
    public int[] Blocks { get; init; } = [2, 2, 2, 2];
    public BlockKind Block { get; init; } = BlockKind.Basic;
    /// <summary>Channels of the stem and first stage (64 in ResNet); stages double it.</summary>
    public int Width { get; init; } = 64;
    public int FpnChannels { get; init; } = 256;
    /// <summary>3×3 conv + ReLU layers in each subnet before its output conv (4 in the paper).</summary>
    public int HeadDepth { get; init; } = 4;
    public int NumClasses { get; init; } = 80;
    /// <summary>P6 from C5 (the paper, ODTK) or from P5 (torchvision v1).</summary>
    public bool P6FromC5 { get; init; } = true;
    /// <summary>Backbone BatchNorm frozen (scale/shift are buffers, as in torchvision) instead of trained.</summary>
    public bool FrozenBatchNorm { get; init; }
    public int InputWidth { get; init; } = 640;
    public int InputHeight { get; init; } = 480;
    public float PriorProbability { get; init; } = 0.01f;
    public float AnchorOctaveBase { get; init; } = 4f;
    /// <summary>Stem and first stage kept fixed in training (torchvision's trainable_layers=3 for an ImageNet backbone).</summary>
    public bool FreezeStem { get; init; }

    [JsonIgnore] public int AnchorsPerLocation => Anchors.AnchorsPerLocation;
    [JsonIgnore] public AnchorSettings Anchors => new() { OctaveBase = AnchorOctaveBase };
    [JsonIgnore] public int Expansion => Block == BlockKind.Bottleneck ? 4 : 1;

    public static RetinaNetConfig Preset(string name, int numClasses = 80) => name.ToLowerInvariant() switch
    {
        "resnet18-fpn" => new() { Blocks = [2, 2, 2, 2], Block = BlockKind.Basic, NumClasses = numClasses },
        "resnet34-fpn" => new() { Blocks = [3, 4, 6, 3], Block = BlockKind.Basic, NumClasses = numClasses },
        "resnet50-fpn" => new() { Blocks = [3, 4, 6, 3], Block = BlockKind.Bottleneck, NumClasses = numClasses },
        "resnet101-fpn" => new() { Blocks = [3, 4, 23, 3], Block = BlockKind.Bottleneck, NumClasses = numClasses },
        // torchvision.models.detection.retinanet_resnet50_fpn (v1): frozen BN, P6 from P5, 91 classes.
        "torchvision-resnet50-fpn" => new() { Blocks = [3, 4, 6, 3], Block = BlockKind.Bottleneck, NumClasses = 91, P6FromC5 = false, FrozenBatchNorm = true, InputWidth = 800, InputHeight = 800 },
        // The demo model: ResNet-18 layout at a quarter width, slim FPN and heads; trains on two CPU cores.
        "edge-tiny" => new() { Blocks = [1, 1, 1, 1], Block = BlockKind.Basic, Width = 16, FpnChannels = 64, HeadDepth = 2, NumClasses = numClasses, InputWidth = 384, InputHeight = 256, AnchorOctaveBase = 2f },
        // The shipped real model: ML.NET's ImageNet ResNet-18 (blocks 2,2,2,3; frozen BN, stem and stage 1 fixed), FPN and heads sized for a
        // 2-core CPU (64 channels, 2 convs per subnet), 512x384 (2/3 of a 768x576 frame), anchors from 24 px (octave base 3).
        "resnet18-edge" => new() { Blocks = [2, 2, 2, 3], Block = BlockKind.Basic, FpnChannels = 64, HeadDepth = 2, NumClasses = numClasses, FrozenBatchNorm = true, FreezeStem = true, InputWidth = 512, InputHeight = 384, AnchorOctaveBase = 3f },
        _ => throw new ArgumentException($"unknown model preset '{name}' (resnet18-fpn, resnet18-edge, resnet34-fpn, resnet50-fpn, resnet101-fpn, torchvision-resnet50-fpn, edge-tiny)"),
    };

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };
    public string ToJson() => JsonSerializer.Serialize(this, Json);
    public static RetinaNetConfig FromJson(string json) => JsonSerializer.Deserialize<RetinaNetConfig>(json, Json) ?? throw new InvalidDataException("empty model config");
}
