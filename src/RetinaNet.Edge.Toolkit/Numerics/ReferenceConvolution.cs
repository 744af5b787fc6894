namespace RetinaNet.Edge.Toolkit.Numerics;

/// <summary>A 2-D convolution (no bias, no dilation, one group) and its two gradients computed directly from the
/// definition in double precision: the reference the canary holds libtorch's kernels to. Layouts are NCHW / OIHW.</summary>
internal sealed record ConvolutionShape(int Batch, int InChannels, int OutChannels, int Height, int Width, int Kernel, int Stride, int Padding)
{
    public int OutHeight => (Height + 2 * Padding - Kernel) / Stride + 1;
    public int OutWidth => (Width + 2 * Padding - Kernel) / Stride + 1;
    public int InputLength => Batch * InChannels * Height * Width;
    public int WeightLength => OutChannels * InChannels * Kernel * Kernel;
    public int OutputLength => Batch * OutChannels * OutHeight * OutWidth;

    public override string ToString() => $"{Kernel}x{Kernel}/{Stride} conv {InChannels}->{OutChannels} on {Batch}x{Height}x{Width}";
}

internal static class ReferenceConvolution
{
    /// <summary>y = conv(x, w); dx = ∂(Σ y·g)/∂x; dw = ∂(Σ y·g)/∂w.</summary>
    public static (double[] Y, double[] Dx, double[] Dw) Run(ConvolutionShape s, float[] x, float[] w, float[] g)
    {
        var y = new double[s.OutputLength];
        var dx = new double[s.InputLength];
        var dw = new double[s.WeightLength];
        int oh = s.OutHeight, ow = s.OutWidth, k = s.Kernel;
        for (int n = 0; n < s.Batch; n++)
        for (int o = 0; o < s.OutChannels; o++)
        for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
        {
            int yi = ((n * s.OutChannels + o) * oh + i) * ow + j;
            double sum = 0, grad = g[yi];
            for (int c = 0; c < s.InChannels; c++)
            for (int ky = 0; ky < k; ky++)
            {
                int row = i * s.Stride - s.Padding + ky;
                if (row < 0 || row >= s.Height) continue;
                for (int kx = 0; kx < k; kx++)
                {
                    int col = j * s.Stride - s.Padding + kx;
                    if (col < 0 || col >= s.Width) continue;
                    int xi = ((n * s.InChannels + c) * s.Height + row) * s.Width + col;
                    int wi = ((o * s.InChannels + c) * k + ky) * k + kx;
                    sum += (double)x[xi] * w[wi];
                    dx[xi] += grad * w[wi];
                    dw[wi] += grad * x[xi];
                }
            }
            y[yi] = sum;
        }
        return (y, dx, dw);
    }
}
