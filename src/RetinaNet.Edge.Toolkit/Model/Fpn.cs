using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Model;

/// <summary>Feature pyramid P3–P7: 1×1 laterals on C3–C5, nearest top-down upsampling, 3×3 output convs;
/// P6 = 3×3/2 conv on C5 (or P5), P7 = 3×3/2 conv on ReLU(P6).</summary>
internal sealed class Fpn : nn.Module<(Tensor C3, Tensor C4, Tensor C5), Tensor[]>
{
    public readonly Conv2d lateral3, lateral4, lateral5, smooth3, smooth4, smooth5, p6, p7;
    public readonly bool P6FromC5;

    public Fpn(long[] inChannels, long channels, bool p6FromC5) : base(nameof(Fpn))
    {
        lateral3 = nn.Conv2d(inChannels[1], channels, 1);
        lateral4 = nn.Conv2d(inChannels[2], channels, 1);
        lateral5 = nn.Conv2d(inChannels[3], channels, 1);
        smooth3 = nn.Conv2d(channels, channels, 3, padding: 1);
        smooth4 = nn.Conv2d(channels, channels, 3, padding: 1);
        smooth5 = nn.Conv2d(channels, channels, 3, padding: 1);
        P6FromC5 = p6FromC5;
        p6 = nn.Conv2d(p6FromC5 ? inChannels[3] : channels, channels, 3, stride: 2, padding: 1);
        p7 = nn.Conv2d(channels, channels, 3, stride: 2, padding: 1);
        foreach (var conv in new[] { lateral3, lateral4, lateral5, smooth3, smooth4, smooth5, p6, p7 })
        {
            nn.init.kaiming_uniform_(conv.weight, a: 1);
            nn.init.zeros_(conv.bias);
        }
        RegisterComponents();
    }

    public override Tensor[] forward((Tensor C3, Tensor C4, Tensor C5) c)
    {
        var l5 = lateral5.forward(c.C5);
        var l4 = lateral4.forward(c.C4).add_(Upsample(l5, c.C4), Training.Scalars.One);
        var l3 = lateral3.forward(c.C3).add_(Upsample(l4, c.C3), Training.Scalars.One);
        var o5 = smooth5.forward(l5);
        var o6 = p6.forward(P6FromC5 ? c.C5 : o5);
        var o7 = p7.forward(nn.functional.relu(o6));
        return [smooth3.forward(l3), smooth4.forward(l4), o5, o6, o7];
    }

    private static Tensor Upsample(Tensor x, Tensor like) =>
        nn.functional.interpolate(x, size: [like.shape[2], like.shape[3]], mode: InterpolationMode.Nearest);
}
