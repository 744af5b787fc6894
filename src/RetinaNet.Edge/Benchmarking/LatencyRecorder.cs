using System.Diagnostics;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Tracking;

namespace RetinaNet.Edge.Benchmarking;

/// <summary>Per-stage latencies of every processed frame (ms): queue wait (capture → inference loop), inference
/// (preprocess + run + decode of its batch), tracking + events, and capture → tracked; plus capture → MQTT publish
/// of events (fed by the sink).</summary>
internal sealed class LatencyRecorder : IFrameObserver
{
    private readonly object _gate = new();
    private readonly List<FrameTrace> _frames = [];
    private readonly List<double> _captureToPublish = [];

    /// <summary>Every processed frame, in the order tracking saw them (for <c>frames.csv</c>); the per-stage lists
    /// below are projections of these.</summary>
    public IReadOnlyList<FrameTrace> Frames { get { lock (_gate) return [.. _frames]; } }
    public IReadOnlyList<double> Queue => Project(f => f.QueueMs);
    public IReadOnlyList<double> Inference => Project(f => f.InferenceMs);
    public IReadOnlyList<double> Tracking => Project(f => f.TrackingMs);
    public IReadOnlyList<double> CaptureToTracked => Project(f => f.CaptureToTrackedMs);
    /// <summary>How late the decoder delivered each frame (<see cref="Frame.DecoderLag"/>), in ms: the frame's age
    /// before capture → tracked starts.</summary>
    public IReadOnlyList<double> DecoderLag => Project(f => f.DecoderLagMs);
    /// <summary>Capture → MQTT publish of events (fed by the sink; events, not frames).</summary>
    public IReadOnlyList<double> CaptureToPublish { get { lock (_gate) return [.. _captureToPublish]; } }
    public bool Enabled { get; set; } = true;

    public void OnFrame(Frame frame, int width, int height, IReadOnlyList<Track> tracks)
    {
        if (!Enabled) return;
        long now = Stopwatch.GetTimestamp();
        var trace = new FrameTrace(frame.Camera, frame.Index, frame.Pts, frame.CapturedTicks, frame.DecoderLag * 1000, Ms(frame.CapturedTicks, frame.DequeuedTicks),
            Ms(frame.DequeuedTicks, frame.InferredTicks), Ms(frame.CapturedTicks, now)) { TrackingMs = Ms(frame.InferredTicks, now) };
        lock (_gate) _frames.Add(trace);
    }

    public void OnPublished(double ms)
    {
        if (!Enabled) return;
        lock (_gate) _captureToPublish.Add(ms);
    }

    private double[] Project(Func<FrameTrace, double> stage)
    {
        lock (_gate) return [.. _frames.Select(stage)];
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}

/// <summary>One processed frame: which, when it left the decoder (<see cref="Stopwatch"/> ticks), and its latencies (ms).</summary>
internal sealed record FrameTrace(string Camera, long Index, double Pts, long CapturedTicks, double DecoderLagMs, double QueueMs, double InferenceMs, double CaptureToTrackedMs)
{
    /// <summary>Tracking + events (inference done → tracked), ms.</summary>
    public double TrackingMs { get; init; }

    public const string CsvHeader = "camera,frame,pts,captured_s,decoder_lag_ms,queue_ms,inference_ms,capture_to_tracked_ms";

    /// <summary>The frames as CSV, capture times in seconds from the first frame: a spike in one camera's decoder lag
    /// against the others' at the same moment tells a busy box from one slow stream.</summary>
    public static IEnumerable<string> Csv(IReadOnlyList<FrameTrace> frames)
    {
        yield return CsvHeader;
        if (frames.Count == 0) yield break;
        long first = frames.Min(f => f.CapturedTicks);
        foreach (var f in frames.OrderBy(f => f.CapturedTicks))
            yield return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{f.Camera},{f.Index},{f.Pts:F4},{(double)(f.CapturedTicks - first) / Stopwatch.Frequency:F4},{f.DecoderLagMs:F1},{f.QueueMs:F1},{f.InferenceMs:F1},{f.CaptureToTrackedMs:F1}");
    }
}

/// <summary>p50 / p95 / p99 / max of a sample, in ms.</summary>
internal sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return new(0, 0, 0, 0, 0);
        var s = values.Order().ToArray();
        double At(double q) => s[Math.Min(s.Length - 1, (int)Math.Ceiling(q * s.Length) - 1)];
        return new(s.Length, Math.Round(At(0.50), 2), Math.Round(At(0.95), 2), Math.Round(At(0.99), 2), Math.Round(s[^1], 2));
    }

    public override string ToString() => $"p50 {P50,7:F1}  p95 {P95,7:F1}  p99 {P99,7:F1}  max {Max,7:F1} ms  (n={Count})";
}
