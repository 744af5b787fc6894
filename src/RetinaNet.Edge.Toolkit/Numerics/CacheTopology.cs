using System.Runtime.Intrinsics.X86;

namespace RetinaNet.Edge.Toolkit.Numerics;

/// <summary>The data-cache sizes an x86 CPU reports through its deterministic cache-parameter leaf (CPUID 4 on Intel,
/// 0x8000001D on AMD), which oneDNN's blocking heuristics divide by. Some hypervisors (seen: an AMD EPYC VM with
/// AVX-512) return zeros there; oneDNN then picks degenerate blockings (an integer divide by zero in its brgemm
/// backward convolution, pytorch/pytorch#177227) and cpuinfo-based NNPACK divides by 0 too (pytorch/pytorch#153139).
/// Read without libtorch, so it can be known before any kernel runs.</summary>
internal static class CacheTopology
{
    /// <summary>L1 data and L2 sizes in bytes from the deterministic leaf; null where the CPU is not x86 (the leaf
    /// does not exist) and 0 where the leaf reports no such cache.</summary>
    public static (long L1d, long L2)? Read()
    {
        if (!X86Base.IsSupported) return null;
        var (_, b, c, d) = X86Base.CpuId(0, 0);
        bool amd = b == 0x68747541 && d == 0x69746e65 && c == 0x444d4163; // "AuthenticAMD"
        int leaf = 4;
        if (amd)
        {
            var (maxExtended, _, _, _) = X86Base.CpuId(unchecked((int)0x80000000), 0);
            var (_, _, extFeatures, _) = X86Base.CpuId(unchecked((int)0x80000001), 0);
            bool topologyExtensions = (extFeatures & (1 << 22)) != 0;
            if (!topologyExtensions || (uint)maxExtended < 0x8000001D) return (0, 0);
            leaf = unchecked((int)0x8000001D);
        }
        long l1d = 0, l2 = 0;
        for (int sub = 0; sub < 16; sub++)
        {
            var (eax, ebx, ecx, _) = X86Base.CpuId(leaf, sub);
            int type = eax & 0x1F; // 0 = no more caches, 1 = data, 2 = instruction, 3 = unified
            if (type == 0) break;
            int level = (eax >> 5) & 0x7;
            long size = (long)(((uint)ebx >> 22) + 1) * ((((uint)ebx >> 12) & 0x3FF) + 1) * (((uint)ebx & 0xFFF) + 1) * ((uint)ecx + 1);
            if (level == 1 && type is 1 or 3) l1d = size;
            else if (level == 2 && type is 1 or 3) l2 = size;
        }
        return (l1d, l2);
    }
}
