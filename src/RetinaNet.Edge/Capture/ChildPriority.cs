using System.Diagnostics;

namespace RetinaNet.Edge.Capture;

/// <summary>Runs a decoder child at a lower CPU priority than the agent (<c>decoderNice</c>) by starting it through
/// coreutils' <c>nice</c>, which sets the niceness before it executes the decoder, so every thread the decoder creates
/// has it (setting it on the child's pid afterwards reaches only the threads created later, and misses those its
/// start created). Why: on a box near its limit, a camera's decoder threads (ffmpeg's frame threads, several per
/// camera) outnumber the inference lanes and, at equal priority, take their turns — 3 cameras of 1080p30 on 2 cores
/// ran a detection in 50 ms of CPU but 480 ms of wall time at p95. Decoding keeps all the CPU inference leaves it;
/// the decoder's own lag is measured per frame (<see cref="DecoderLag"/>). Off by default: a niced decoder also
/// yields to every other process on the box.</summary>
internal static class ChildPriority
{
    /// <summary>The same command under <c>nice -n</c>; unchanged for 0, or when the decoder or <c>nice</c> is not on
    /// the PATH (so that a missing decoder still fails with its own name).</summary>
    public static ProcessStartInfo Lowered(ProcessStartInfo psi, int nice)
    {
        if (nice <= 0 || Resolve(psi.FileName) is null || Resolve("nice") is not { } wrapper) return psi;
        var lowered = new ProcessStartInfo(wrapper) { ArgumentList = { "-n", nice.ToString(System.Globalization.CultureInfo.InvariantCulture), psi.FileName } };
        foreach (var a in psi.ArgumentList) lowered.ArgumentList.Add(a);
        return lowered; // the dialects set only a file name and arguments
    }

    private static string? Resolve(string file)
    {
        if (file.Contains('/', StringComparison.Ordinal)) return File.Exists(file) ? file : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, file);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
