using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Model;

/// <summary>A residual block: basic (two 3×3) or bottleneck (1×1, 3×3 with the stride, 1×1 ×4), with a projection
/// shortcut when the shape changes.</summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    public readonly ModuleList<ConvBn> convs;
    public readonly ConvBn? downsample;

    public ResidualBlock(long inC, long width, long stride, BlockKind kind, bool frozen) : base(nameof(ResidualBlock))
    {
        long outC = kind == BlockKind.Bottleneck ? width * 4 : width;
        convs = kind == BlockKind.Basic
            ? nn.ModuleList(new ConvBn(inC, width, 3, stride, true, frozen), new ConvBn(width, width, 3, 1, false, frozen))
            : nn.ModuleList(new ConvBn(inC, width, 1, 1, true, frozen), new ConvBn(width, width, 3, stride, true, frozen), new ConvBn(width, outC, 1, 1, false, frozen));
        if (stride != 1 || inC != outC) downsample = new ConvBn(inC, outC, 1, stride, false, frozen);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = x;
        foreach (var c in convs) y = c.forward(y);
        var identity = downsample is null ? x : downsample.forward(x);
        return nn.functional.relu(y.add_(identity, Training.Scalars.One), inplace: true);
    }
}

/// <summary>ResNet trunk without the classifier; returns C3, C4, C5.</summary>
internal sealed class ResNetBackbone : nn.Module<Tensor, (Tensor C3, Tensor C4, Tensor C5)>
{
    public readonly ConvBn stem;
    public readonly MaxPool2d pool;
    public readonly ModuleList<Sequential> stages;
    public readonly long[] OutChannels;

    public ResNetBackbone(RetinaNetConfig config) : base(nameof(ResNetBackbone))
    {
        bool frozen = config.FrozenBatchNorm;
        stem = new ConvBn(3, config.Width, 7, 2, true, frozen);
        pool = nn.MaxPool2d(3, 2, 1);
        stages = nn.ModuleList<Sequential>();
        long inC = config.Width;
        OutChannels = new long[4];
        for (int s = 0; s < 4; s++)
        {
            long width = (long)config.Width << s;
            var blocks = new List<nn.Module<Tensor, Tensor>>();
            for (int b = 0; b < config.Blocks[s]; b++)
            {
                blocks.Add(new ResidualBlock(inC, width, b == 0 && s > 0 ? 2 : 1, config.Block, frozen));
                inC = width * config.Expansion;
            }
            stages.Add(nn.Sequential(blocks));
            OutChannels[s] = inC;
        }
        RegisterComponents();
    }

    public override (Tensor C3, Tensor C4, Tensor C5) forward(Tensor x)
    {
        x = pool.forward(stem.forward(x));
        var c2 = stages[0].forward(x);
        var c3 = stages[1].forward(c2);
        var c4 = stages[2].forward(c3);
        var c5 = stages[3].forward(c4);
        return (c3, c4, c5);
    }
}
