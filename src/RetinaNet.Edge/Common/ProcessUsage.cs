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

    /// <summary>The managed heap after the last gen-2 collection (background or blocking), bytes, fragmentation left
    /// out: what survived a full look at the heap, so what a managed leak grows. The size after any collection would
    /// count the gen-2 garbage no collection has looked at yet (seen: 100 → 150 MB with 62 MB live). Before the
    /// first gen-2 collection: the size after the last one of any kind.</summary>
    public static long ManagedHeapBytes()
    {
        var background = GC.GetGCMemoryInfo(GCKind.Background);
        var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var last = background.Index > blocking.Index ? background : blocking;
        return last.Index > 0 ? last.HeapSizeBytes - last.FragmentedBytes : GC.GetGCMemoryInfo().HeapSizeBytes;
    }

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
