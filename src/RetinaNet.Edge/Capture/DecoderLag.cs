using System.Diagnostics;

namespace RetinaNet.Edge.Capture;

/// <summary>How far a decoder child runs behind its stream: for each frame, (arrival − presentation time) minus the
/// smallest such difference seen since the child started. A live stream's frames arrive at its own pace, so the
/// promptest frame sets the baseline and a later one's excess is time spent waiting for the decoder (a busy box, a
/// decoder slower than the stream). Capture → publish latency starts when the frame leaves the decoder and does not
/// see this part.</summary>
internal sealed class DecoderLag
{
    private double _baseline = double.PositiveInfinity;

    /// <summary>Forget the baseline (a new child: its clock starts anew).</summary>
    public void Reset() => _baseline = double.PositiveInfinity;

    /// <summary>The lag of a frame with presentation time <paramref name="pts"/> (seconds) arriving at
    /// <paramref name="arrivalTicks"/> (<see cref="Stopwatch"/>); 0 without a timestamp.</summary>
    public double Of(double pts, long arrivalTicks)
    {
        if (double.IsNaN(pts)) return 0;
        double offset = (double)arrivalTicks / Stopwatch.Frequency - pts;
        if (offset < _baseline) _baseline = offset;
        return offset - _baseline;
    }
}
