using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Model;

/// <summary>BatchNorm with statistics and affine parameters fixed as buffers (torchvision's FrozenBatchNorm2d).</summary>
internal sealed class FrozenBatchNorm2d : nn.Module<Tensor, Tensor>
{
    public readonly Tensor weight, bias, running_mean, running_var;
    public const double Eps = 1e-5;

    public FrozenBatchNorm2d(long channels) : base(nameof(FrozenBatchNorm2d))
    {
        weight = ones(channels); bias = zeros(channels); running_mean = zeros(channels); running_var = ones(channels);
        register_buffer(nameof(weight), weight);
        register_buffer(nameof(bias), bias);
        register_buffer(nameof(running_mean), running_mean);
        register_buffer(nameof(running_var), running_var);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var scale = weight * (running_var + Eps).rsqrt();
        var shift = bias - running_mean * scale;
        return (x * scale.reshape(1, -1, 1, 1) + shift.reshape(1, -1, 1, 1)).MoveToOuterDisposeScope();
    }
}

/// <summary>Convolution without bias followed by a (frozen or trained) BatchNorm and an optional ReLU.</summary>
internal sealed class ConvBn : nn.Module<Tensor, Tensor>
{
    public readonly Conv2d conv;
    public readonly nn.Module<Tensor, Tensor> bn;
    public readonly bool Relu;

    public ConvBn(long inC, long outC, long kernel, long stride, bool relu, bool frozen) : base(nameof(ConvBn))
    {
        conv = nn.Conv2d(inC, outC, kernel, stride: stride, padding: kernel / 2, bias: false);
        bn = frozen ? new FrozenBatchNorm2d(outC) : nn.BatchNorm2d(outC);
        Relu = relu;
        nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = bn.forward(conv.forward(x));
        return Relu ? nn.functional.relu(y, inplace: true) : y;
    }

    /// <summary>The BatchNorm as a per-channel scale and shift (for folding into the conv at export).</summary>
    public (float[] Scale, float[] Shift) FoldedAffine()
    {
        using var _ = no_grad();
        Tensor w, b, mean, var;
        double eps;
        if (bn is FrozenBatchNorm2d f) { w = f.weight; b = f.bias; mean = f.running_mean; var = f.running_var; eps = FrozenBatchNorm2d.Eps; }
        else
        {
            var m = (BatchNorm2d)bn;
            w = m.weight!; b = m.bias!; mean = m.running_mean!; var = m.running_var!; eps = m.eps;
        }
        using var scale = w * (var + eps).rsqrt();
        using var shift = b - mean * scale;
        return (scale.data<float>().ToArray(), shift.data<float>().ToArray());
    }
}
