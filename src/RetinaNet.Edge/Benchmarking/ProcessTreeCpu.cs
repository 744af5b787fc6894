using System.Globalization;

namespace RetinaNet.Edge.Benchmarking;

/// <summary>CPU time of a process and every process below it — the agent with its ffmpeg/GStreamer decoder children —
/// from <c>/proc</c>: user + system time of each live descendant, plus what the process's reaped children used
/// (cutime + cstime), so a decoder restarted during a measurement is counted too. Every CPU figure of <c>bench</c>
/// is taken this way.</summary>
internal static class ProcessTreeCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux architecture .NET runs on

    /// <summary>CPU time used so far by the process tree rooted at <paramref name="pid"/> (this process by default).</summary>
    /// <param name="includeReaped">Count children that exited and were reaped (a restarted decoder). Off when the
    /// root ran other children before the measurement: one reaped during it would add its whole life.</param>
    public static TimeSpan Of(int? pid = null, bool includeReaped = true)
    {
        int root = pid ?? Environment.ProcessId;
        var stats = new Dictionary<int, (int Parent, long Own, long Reaped)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int p)) continue;
            if (Read(p) is { } s) stats[p] = s;
        }
        if (!stats.TryGetValue(root, out var self)) return TimeSpan.Zero;
        long ticks = self.Own + (includeReaped ? self.Reaped : 0);
        var children = stats.Where(kv => kv.Key != root).ToLookup(kv => kv.Value.Parent, kv => kv.Key);
        var stack = new Stack<int>(children[root]);
        while (stack.TryPop(out int p))
        {
            ticks += stats[p].Own + stats[p].Reaped;
            foreach (var c in children[p]) stack.Push(c);
        }
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>CPU time of the process alone (its threads; no children).</summary>
    public static TimeSpan OwnOf(int pid) => Read(pid) is { } s ? TimeSpan.FromSeconds(s.Own / TicksPerSecond) : TimeSpan.Zero;

    /// <summary>Fields 4 (ppid), 14–15 (utime, stime) and 16–17 (cutime, cstime) of /proc/PID/stat.</summary>
    private static (int Parent, long Own, long Reaped)? Read(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        var f = text[(text.LastIndexOf(')') + 2)..].Split(' '); // after "pid (comm) ": f[0] is field 3 (state)
        if (f.Length < 15) return null;
        static long L(string s) => long.Parse(s, CultureInfo.InvariantCulture);
        return (int.Parse(f[1], CultureInfo.InvariantCulture), L(f[11]) + L(f[12]), L(f[13]) + L(f[14]));
    }
}
