using OpenCvSharp;

namespace RetinaNet.Edge.Capture;

/// <summary>A captured frame on its way through the pipeline. The image comes from the camera's
/// <see cref="FramePool"/> and goes back to it once the inference stage is done with it.</summary>
internal sealed class Frame(Mat image, FramePool pool)
{
    public Mat Image { get; } = image;
    public string Camera { get; set; } = "";
    /// <summary>The frame's number in the source: from its presentation timestamp where the decoder gives one
    /// (round(pts × the stream's frame rate)), else counted from the first decoded frame.</summary>
    public long Index { get; set; }
    /// <summary>The stream's presentation timestamp in seconds; NaN where the source gives none.</summary>
    public double Pts { get; set; } = double.NaN;
    /// <summary>The camera's full resolution. <see cref="Image"/> may be smaller (the decoder scales to a working
    /// size); boxes, zones, lines and events are always in full-resolution coordinates.</summary>
    public int SourceWidth { get; set; }
    public int SourceHeight { get; set; }
    /// <summary>Full-resolution pixels per image pixel (1 when the image is the full frame).</summary>
    public float ToSource => Image.Width > 0 && SourceWidth > 0 ? (float)SourceWidth / Image.Width : 1f;
    /// <summary>Seconds by which the decoder delivered this frame later than the stream's own clock says it should
    /// have, measured against the camera's promptest frame so far (<see cref="DecoderLag"/>): the part of a frame's
    /// age that <see cref="CapturedAt"/> does not see.</summary>
    public double DecoderLag { get; set; }
    /// <summary>When the frame left the decoder (the pipeline's latency clock starts here).</summary>
    public DateTimeOffset CapturedAt { get; set; }
    public long CapturedTicks { get; set; }
    /// <summary>When the inference loop took the frame from its camera's queue.</summary>
    public long DequeuedTicks { get; set; }
    /// <summary>When the frame's detections were decoded (end of its batch's inference).</summary>
    public long InferredTicks { get; set; }

    public void Release() => pool.Return(this);
}

/// <summary>A small per-camera pool of frame buffers, so that capture does not allocate an image per frame. Disposing
/// it while frames are still out (a camera removed or restarted while some of its frames wait in a batch) frees the
/// buffers only once the last one is back: inference never reads a freed image.</summary>
internal sealed class FramePool : IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentBag<Frame> _free = [];
    private readonly List<Frame> _all = [];
    private int _out;
    private bool _disposed;

    public Frame Rent()
    {
        Interlocked.Increment(ref _out);
        if (_free.TryTake(out var f)) return f;
#pragma warning disable CA2000 // the Mat belongs to the frame, which the pool keeps in _all and disposes in Dispose
        var frame = new Frame(new Mat(), this);
#pragma warning restore CA2000
        lock (_all) _all.Add(frame);
        return frame;
    }

    public void Return(Frame frame)
    {
        _free.Add(frame);
        if (Interlocked.Decrement(ref _out) == 0) FreeIfDisposed();
    }

    public void Dispose()
    {
        lock (_all) _disposed = true;
        FreeIfDisposed();
    }

    private void FreeIfDisposed()
    {
        lock (_all)
        {
            if (!_disposed || Volatile.Read(ref _out) != 0) return;
            foreach (var f in _all) f.Image.Dispose();
            _all.Clear();
        }
    }
}
