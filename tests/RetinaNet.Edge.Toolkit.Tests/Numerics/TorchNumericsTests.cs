using System.Runtime.Intrinsics.X86;
using RetinaNet.Edge.Toolkit.Numerics;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Tests.Numerics;

[Collection("torch")]
public class TorchNumericsTests
{
    [Fact]
    public void ReferenceConvolution_TwoByTwoInput_MatchesHandValues()
    {
        // x = [[1,2],[3,4]], w = 3x3 of ones with padding 1: every output sums the 2x2 window it covers = 10.
        // g = ones: dx[i] = Σ over outputs of w covering i = 4 (each input is under all 4 windows); dw[ky,kx] = Σ of
        // the inputs tap (ky,kx) reads, x[i-1+ky, j-1+kx]: centre 10, top row 1+2, left column 1+3, corners one value.
        var shape = new ConvolutionShape(1, 1, 1, 2, 2, 3, 1, 1);
        var (y, dx, dw) = ReferenceConvolution.Run(shape, [1, 2, 3, 4], Enumerable.Repeat(1f, 9).ToArray(), [1, 1, 1, 1]);
        Assert.Equal([10, 10, 10, 10], y);
        Assert.Equal([4, 4, 4, 4], dx);
        Assert.Equal([1, 3, 2, 4, 10, 6, 3, 7, 4], dw);
    }

    [Fact]
    public void Check_AfterGuard_LibTorchMatchesReference()
    {
        TorchNumerics.EnsureChecked();
        Assert.Null(ConvolutionCanary.Check());
        Assert.NotEmpty(TorchNumerics.Finding);
    }

    [Fact]
    public void Check_WrongGradient_Reported()
    {
        TorchNumerics.EnsureChecked();
        // Forward right, backward scaled: what a mis-blocked kernel looks like from outside.
        var problem = ConvolutionCanary.Check((x, w, s) =>
        {
            var y = ConvolutionCanary.LibTorchConvolution(x, w, s);
            return y.detach() + (y - y.detach()) * 1.01;
        });
        Assert.NotNull(problem);
        Assert.Contains("gradient", problem);
    }

    [Fact]
    public void Check_NaNOutput_Reported()
    {
        TorchNumerics.EnsureChecked();
        var problem = ConvolutionCanary.Check((x, w, s) => ConvolutionCanary.LibTorchConvolution(x, w, s) * float.NaN);
        Assert.NotNull(problem);
        Assert.Contains("NaN", problem);
    }

    [Fact]
    public void EnsureChecked_CpuWithoutCacheSizes_OneDnnAndNnpackOff()
    {
        TorchNumerics.EnsureChecked();
        var caches = CacheTopology.Read();
        if (X86Base.IsSupported) Assert.NotNull(caches);
        bool noCaches = caches is { } c && (c.L1d == 0 || c.L2 == 0);
        // On a VM that hides its cache topology (the AMD EPYC the issue names) oneDNN must be off; elsewhere kept.
        Assert.Equal(!noCaches, LibTorchContext.Mkldnn);
        var (l1d, l2) = LibTorchContext.CpuinfoCaches;
        if (l1d == 0 || l2 == 0) Assert.False(LibTorchContext.Nnpack);
        Assert.Contains(noCaches ? "oneDNN off" : "kept", TorchNumerics.Finding);
    }
}
