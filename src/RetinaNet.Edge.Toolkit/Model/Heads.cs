using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Model;

/// <summary>A subnet shared across pyramid levels: <c>depth</c> × (3×3 conv + ReLU), then a 3×3 conv to
/// <c>outputs</c> channels. Weights N(0, 0.01), biases 0 except the final bias given.</summary>
internal sealed class Subnet : nn.Module<Tensor, Tensor>
{
    public readonly ModuleList<Conv2d> tower;
    public readonly Conv2d output;

    public Subnet(long channels, int depth, long outputs, float finalBias) : base(nameof(Subnet))
    {
        tower = nn.ModuleList<Conv2d>();
        for (int i = 0; i < depth; i++) tower.Add(nn.Conv2d(channels, channels, 3, padding: 1));
        output = nn.Conv2d(channels, outputs, 3, padding: 1);
        using (no_grad())
        {
            foreach (var conv in tower.Append(output))
            {
                nn.init.normal_(conv.weight, 0, 0.01);
                nn.init.zeros_(conv.bias);
            }
            nn.init.constant_(output.bias, finalBias);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        foreach (var conv in tower) x = nn.functional.relu(conv.forward(x), inplace: true);
        return output.forward(x);
    }
}
