using System.Diagnostics;
using RetinaNet.Edge.Capture;

namespace RetinaNet.Edge.Cameras;

/// <summary>A camera's <see cref="CameraSnapshot"/> from its two sources: capture's status (state, size, frames in,
/// queued, dropped, reconnects, decoder errors) and post-processing's counters (frames processed, errors, latency of the
/// last frame, the last error), with the execution provider and a pending configuration error.</summary>
internal static class CameraStatusProjection
{
    /// <summary>Post-processing's side of a camera's status.</summary>
    internal readonly record struct PostProcessing(long FramesProcessed, long Errors, long LatencyTicks, string? LastError);

    public static CameraSnapshot Of(CameraStatus capture, PostProcessing post, string executionProvider, string? configError, DateTimeOffset now) => new()
    {
        Camera = capture.Name,
        State = capture.State,
        Width = capture.Width,
        Height = capture.Height,
        FramesIn = capture.FramesIn,
        FramesQueued = capture.FramesQueued,
        FramesProcessed = post.FramesProcessed,
        FramesDropped = capture.FramesDropped,
        Reconnects = capture.Reconnects,
        LatencyMs = Math.Round(post.LatencyTicks * 1000.0 / Stopwatch.Frequency, 1),
        ExecutionProvider = executionProvider,
        LastError = capture.LastError ?? post.LastError,
        Errors = post.Errors,
        DecoderErrors = capture.DecoderErrors,
        ConfigError = configError,
        Time = now,
    };
}
