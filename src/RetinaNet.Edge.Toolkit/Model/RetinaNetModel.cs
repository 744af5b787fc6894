using TorchSharp;
using static TorchSharp.torch;
using RetinaNet.Edge.Toolkit.Numerics;

namespace RetinaNet.Edge.Toolkit.Model;

/// <summary>RetinaNet (Lin et al. 2017): ResNet + FPN P3–P7 + class and box subnets shared across levels.
/// <see cref="forward"/> returns per level the class logits [N, A·K, H, W] and box deltas [N, A·4, H, W]
/// (channel = a·K + c and a·4 + k, as in ODTK's layout).</summary>
internal sealed class RetinaNetModel : nn.Module<Tensor, (Tensor[] Cls, Tensor[] Box)>
{
    public readonly ResNetBackbone backbone;
    public readonly Fpn fpn;
    public readonly Subnet cls_head, box_head;
    public RetinaNetConfig Config { get; }

    /// <summary>Every network the toolkit builds is one of these: libtorch's numerics are checked before the first.</summary>
    static RetinaNetModel() => TorchNumerics.EnsureChecked();

    public RetinaNetModel(RetinaNetConfig config) : base(nameof(RetinaNetModel))
    {
        Config = config;
        backbone = new ResNetBackbone(config);
        fpn = new Fpn(backbone.OutChannels, config.FpnChannels, config.P6FromC5);
        int a = config.AnchorsPerLocation;
        float prior = -MathF.Log((1 - config.PriorProbability) / config.PriorProbability);
        cls_head = new Subnet(config.FpnChannels, config.HeadDepth, a * config.NumClasses, prior);
        box_head = new Subnet(config.FpnChannels, config.HeadDepth, a * 4, 0f);
        RegisterComponents();
    }

    public override (Tensor[] Cls, Tensor[] Box) forward(Tensor input)
    {
        var levels = fpn.forward(backbone.forward(input));
        return (levels.Select(cls_head.forward).ToArray(), levels.Select(box_head.forward).ToArray());
    }

    /// <summary>Parameters counted as torchvision counts them: the sum of <c>numel()</c> over <c>parameters()</c>.</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());

    /// <summary>Flattens per-level head maps to [N, Σ A·H·W, C] in anchor order (a, y, x) per level.</summary>
    public static Tensor Flatten(Tensor[] maps, long perAnchor)
    {
        var parts = maps.Select(m =>
        {
            long n = m.shape[0], h = m.shape[2], w = m.shape[3];
            return m.view(n, -1, perAnchor, h, w).permute(0, 1, 3, 4, 2).reshape(n, -1, perAnchor);
        }).ToArray();
        return cat(parts, 1);
    }
}
