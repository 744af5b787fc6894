using System.Globalization;

namespace RetinaNet.Edge.Benchmarking;

/// <summary>The soak's judgement. After the warm-up, each of RSS, managed heap, threads and open descriptors is compared
/// between the first and the last fifth of the samples (medians, so that a collection or a viewer passing at one
/// sample does not decide): the drift must stay within ±bound %. Decoder children may never outnumber the camera
/// files for two samples running (a removed camera's decoder must go), and at the end, with every camera removed,
/// none may be left, nor a zombie. Every event the agent stored must have reached the subscriber (no sequence number
/// missing), every outage must have drained, and the agent must stop cleanly (exit 0).</summary>
internal sealed record SoakVerdict(IReadOnlyList<SoakVerdict.Row> Rows, IReadOnlyList<string> Problems)
{
    public sealed record Row(string Series, double Start, double End, double Min, double Max, double DriftPercent);

    public static SoakVerdict Judge(IReadOnlyList<SoakSample> samples, SoakSample last, double warmupSeconds, double boundPercent, SoakDrain drain,
        SoakSubscriber subscriber, IReadOnlyList<SoakOutage> outages, int exitCode)
    {
        var problems = new List<string>();
        var steady = samples.Where(s => s.Seconds >= warmupSeconds).ToList();
        var rows = new List<Row>();
        if (steady.Count < 6) problems.Add($"only {steady.Count} samples after the warm-up: too few to judge (run longer or sample more often)");
        else
        {
            int fifth = Math.Max(3, steady.Count / 5);
            foreach (var (name, value) in new (string, Func<SoakSample, double>)[] { ("RSS MiB", s => s.RssMiB), ("managed heap MiB", s => s.HeapMiB), ("threads", s => s.Threads), ("open fds", s => s.Fds) })
            {
                double start = Median(steady.Take(fifth).Select(value)), end = Median(steady.TakeLast(fifth).Select(value));
                double drift = 100 * (end - start) / Math.Max(1e-9, start);
                rows.Add(new Row(name, start, end, steady.Min(value), steady.Max(value), drift));
                if (Math.Abs(drift) > boundPercent) problems.Add($"{name}: {start:F1} → {end:F1} after the warm-up ({drift:+0.0;-0.0} %, bound ±{boundPercent} %)");
            }
        }
        for (int i = 1; i < samples.Count; i++)
            if (samples[i].DecoderChildren > samples[i].CameraFiles && samples[i - 1].DecoderChildren > samples[i - 1].CameraFiles)
            {
                problems.Add($"decoder children outnumber the camera files at {samples[i].Seconds / 60:F1} min ({samples[i].DecoderChildren} for {samples[i].CameraFiles})");
                break;
            }
        if (last.DecoderChildren + last.HelperChildren + last.Zombies > 0)
            problems.Add($"with every camera removed: {last.DecoderChildren} decoder children, {last.HelperChildren} helpers and {last.Zombies} zombies left");
        long lost = drain.Appended - subscriber.Unique, missing = subscriber.Missing().Values.Sum();
        if (lost > 0 || missing > 0 || drain.Queued > 0)
            problems.Add($"events: {drain.Appended} stored by the agent, {subscriber.Unique} received ({lost} short, {missing} sequence numbers missing, {drain.Queued} still queued)");
        if (subscriber.Unreadable.Count > 0) problems.Add($"events: unreadable messages, e.g. {subscriber.Unreadable[0]}");
        if (subscriber.Conflicts > 0) problems.Add($"events: {subscriber.Conflicts} sequence numbers came with two different ids");
        if (subscriber.SessionsLost > 0) problems.Add($"the broker lost the subscriber's session {subscriber.SessionsLost} times");
        foreach (var o in outages.Where(o => o.Drained - o.Restarted > 119))
            problems.Add($"the outage at {o.Stopped / 60:F1} min did not drain within 2 minutes");
        if (exitCode != 0) problems.Add($"the agent's exit code on SIGTERM: {exitCode}");
        return new SoakVerdict(rows, problems);
    }

    public void Print(TextWriter w)
    {
        w.WriteLine("series              first fifth   last fifth        min        max    drift");
        foreach (var r in Rows) w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Series,-18} {r.Start,12:F1} {r.End,12:F1} {r.Min,10:F1} {r.Max,10:F1} {r.DriftPercent,+7:+0.0;-0.0} %"));
        w.WriteLine(Problems.Count == 0 ? "soak: PASS" : "soak: FAIL\n  " + string.Join("\n  ", Problems));
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
