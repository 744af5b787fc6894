using TorchSharp;

namespace RetinaNet.Edge.Toolkit.Numerics;

/// <summary>Makes libtorch compute right on the CPU it runs on before the toolkit trusts it with a convolution.
/// Once per process: (1) where the CPU reports no data-cache sizes (<see cref="CacheTopology"/>) oneDNN's convolutions
/// are switched off before any runs — their backward divides by those sizes and would kill the process with SIGFPE,
/// which no in-process check survives; where libtorch's cpuinfo sees no cache sizes NNPACK is switched off too (that
/// also ends its "Could not initialize NNPACK" warning on every convolution); (2) <see cref="ConvolutionCanary"/>
/// checks a convolution forward and backward against a double-precision reference; a mismatch switches oneDNN, then
/// NNPACK off and checks again. Elsewhere nothing changes, so other machines keep their fast paths. One line on
/// standard error says what was switched off and why; a mismatch that survives both is an error.</summary>
internal static class TorchNumerics
{
    private static readonly Lock Gate = new();
    private static string? _finding;

    /// <summary>What the check found: "fast paths kept" or the backends switched off with the reason.</summary>
    public static string Finding { get { EnsureChecked(); return _finding!; } }

    /// <summary>Runs the check once; later calls return at once. Throws when libtorch computes wrong regardless.</summary>
    public static void EnsureChecked(TextWriter? log = null)
    {
        lock (Gate)
        {
            if (_finding is not null) return;
            torch.InitializeDeviceType(DeviceType.CPU);
            var off = new List<string>();
            var caches = CacheTopology.Read();
            if (caches is { } c && (c.L1d == 0 || c.L2 == 0))
                Disable(off, "oneDNN", $"the CPU reports no cache sizes (CPUID L1d {c.L1d} B, L2 {c.L2} B; a VM's cache topology), which oneDNN's convolution divides by");
            var (l1d, l2) = LibTorchContext.CpuinfoCaches;
            if (l1d == 0 || l2 == 0)
                Disable(off, "NNPACK", $"libtorch's cpuinfo sees no cache sizes (L1d {l1d} B, L2 {l2} B), which NNPACK divides by");
            var problem = ConvolutionCanary.Check();
            if (problem is not null && LibTorchContext.Mkldnn)
            {
                Disable(off, "oneDNN", $"a convolution canary failed with it ({problem})");
                problem = ConvolutionCanary.Check();
            }
            if (problem is not null && LibTorchContext.Nnpack)
            {
                Disable(off, "NNPACK", $"a convolution canary failed with it ({problem})");
                problem = ConvolutionCanary.Check();
            }
            if (problem is not null)
                throw new InvalidOperationException($"libtorch computes convolutions wrong on this CPU even without oneDNN and NNPACK: {problem}");
            _finding = off.Count == 0 ? "oneDNN and NNPACK kept: the convolution canary matches the reference" : string.Join("; ", off);
            if (off.Count > 0) (log ?? Console.Error).WriteLine($"torch numerics: {_finding}; the convolution canary now matches the reference");
        }
    }

    private static void Disable(List<string> off, string backend, string why)
    {
        if (backend == "oneDNN") LibTorchContext.Mkldnn = false;
        else LibTorchContext.Nnpack = false;
        off.Add($"{backend} off: {why}");
    }
}
