using System.Diagnostics;

namespace RetinaNet.Edge.Common;

/// <summary>This process's CPU time, resident memory and threads, read fresh each call (the one place that asks the
/// OS: metrics, PREFIX/stats and the benchmarks read it here).</summary>
internal static class ProcessUsage
{
    /// <summary>User and system CPU time so far.</summary>
    public static TimeSpan Cpu()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    /// <summary>Resident memory, bytes.</summary>
    public static long ResidentBytes()
    {
        using var p = Process.GetCurrentProcess();
        return p.WorkingSet64;
    }

    public static double ResidentMiB() => ResidentBytes() / 1048576.0;

    /// <summary>The managed heap's size after the last garbage collection (live objects and fragmentation), bytes:
    /// what a managed leak grows; unlike the allocated total it does not saw up and down between collections.</summary>
    public static long ManagedHeapBytes() => GC.GetGCMemoryInfo().HeapSizeBytes;

    /// <summary>Open file descriptors (sockets, pipes to decoder children, files), from /proc/self/fd; -1 where absent.</summary>
    public static int OpenFileDescriptors()
    {
        try { return Directory.GetFiles("/proc/self/fd").Length; }
        catch (DirectoryNotFoundException) { return -1; }
    }

    public static int Threads()
    {
        using var p = Process.GetCurrentProcess();
        return p.Threads.Count;
    }
}
