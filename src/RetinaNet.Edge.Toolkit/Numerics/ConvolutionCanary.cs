using TorchSharp;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Numerics;

/// <summary>A small convolution forward and backward through libtorch, checked against
/// <see cref="ReferenceConvolution"/>. The shapes are the ones training runs through oneDNN (batch 2, so libtorch's
/// heuristics pick it): a 3×3 stride-1 and stride-2 convolution and a 1×1 one (whose backward is the kernel seen
/// dividing by zero). Costs a few milliseconds.</summary>
internal static class ConvolutionCanary
{
    public static readonly ConvolutionShape[] Shapes =
    [
        new(2, 16, 32, 20, 20, 3, 1, 1),
        new(2, 16, 32, 20, 20, 3, 2, 1),
        new(2, 32, 64, 20, 20, 1, 1, 0),
    ];

    /// <summary>Null when every shape matches within a float-accumulation tolerance; else what went wrong.</summary>
    public static string? Check() => Check(LibTorchConvolution);

    /// <summary>libtorch's convolution as training calls it.</summary>
    public static Tensor LibTorchConvolution(Tensor x, Tensor w, ConvolutionShape s) =>
        nn.functional.conv2d(x, w, null, [s.Stride, s.Stride], [s.Padding, s.Padding]);

    /// <summary>Checks <paramref name="convolution"/> (autograd-capable) on every canary shape.</summary>
    public static string? Check(Func<Tensor, Tensor, ConvolutionShape, Tensor> convolution)
    {
        foreach (var shape in Shapes)
        {
            var problem = Check(shape, convolution);
            if (problem is not null) return problem;
        }
        return null;
    }

    private static string? Check(ConvolutionShape s, Func<Tensor, Tensor, ConvolutionShape, Tensor> convolution)
    {
        var random = new Random(20261202);
        float[] x = Draw(random, s.InputLength), w = Draw(random, s.WeightLength), g = Draw(random, s.OutputLength);
        var (y, dx, dw) = ReferenceConvolution.Run(s, x, w, g);

        using var scope = NewDisposeScope();
        var xt = tensor(x, [s.Batch, s.InChannels, s.Height, s.Width]).requires_grad_(true);
        var wt = tensor(w, [s.OutChannels, s.InChannels, s.Kernel, s.Kernel]).requires_grad_(true);
        var yt = convolution(xt, wt, s);
        yt.backward([tensor(g, yt.shape)]);
        return Compare(s, "forward", yt, y) ?? Compare(s, "input gradient", xt.grad!, dx) ?? Compare(s, "weight gradient", wt.grad!, dw);
    }

    private static float[] Draw(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    private static string? Compare(ConvolutionShape s, string what, Tensor actual, double[] expected)
    {
        var got = actual.contiguous().data<float>().ToArray();
        double scale = 1, worst = 0;
        foreach (var e in expected) scale = Math.Max(scale, Math.Abs(e));
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(got[i] - expected[i]);
            if (double.IsNaN(got[i]) || double.IsInfinity(got[i])) return $"{s} {what}: {got[i]} at element {i}";
            worst = Math.Max(worst, error);
        }
        // Float accumulation over at most 288 products of values in [-1, 1]: errors stay near 1e-5 of the scale.
        return worst <= 1e-3 * scale ? null : $"{s} {what}: off by {worst:G3} (scale {scale:G3})";
    }
}
