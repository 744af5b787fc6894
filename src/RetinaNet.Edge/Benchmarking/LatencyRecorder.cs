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
    public List<double> Queue { get; } = [];
    public List<double> Inference { get; } = [];
    public List<double> Tracking { get; } = [];
    public List<double> CaptureToTracked { get; } = [];
    /// <summary>How late the decoder delivered each frame (<see cref="Frame.DecoderLag"/>), in ms: the frame's age
    /// before capture → tracked starts.</summary>
    public List<double> DecoderLag { get; } = [];
    public List<double> CaptureToPublish { get; } = [];
    public bool Enabled { get; set; } = true;

    public void OnFrame(Frame frame, int width, int height, IReadOnlyList<Track> tracks)
    {
        if (!Enabled) return;
        long now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            Queue.Add(Ms(frame.CapturedTicks, frame.DequeuedTicks));
            Inference.Add(Ms(frame.DequeuedTicks, frame.InferredTicks));
            Tracking.Add(Ms(frame.InferredTicks, now));
            CaptureToTracked.Add(Ms(frame.CapturedTicks, now));
            DecoderLag.Add(frame.DecoderLag * 1000);
        }
    }

    public void OnPublished(double ms)
    {
        if (!Enabled) return;
        lock (_gate) CaptureToPublish.Add(ms);
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
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
