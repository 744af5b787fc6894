using RetinaNet.Edge.Cameras;

namespace RetinaNet.Edge.Capture;

/// <summary>Live counters and state of one camera's capture, written by its capture worker only (thread-safe).</summary>
internal sealed class CameraStatus(string name)
{
    private long _framesIn, _framesQueued, _framesDropped, _reconnects;
    private volatile CameraState _state = CameraState.Starting;
    private volatile string? _lastError;

    public string Name { get; } = name;
    public CameraState State => _state;
    public string? LastError => _lastError;
    public long FramesIn => Interlocked.Read(ref _framesIn);
    public long FramesQueued => Interlocked.Read(ref _framesQueued);
    public long FramesDropped => Interlocked.Read(ref _framesDropped);
    public long Reconnects => Interlocked.Read(ref _reconnects);
    public int Width { get; set; }
    /// <summary>The latest frame's <see cref="Frame.DecoderLag"/>, in seconds.</summary>
    public double DecoderLag { get; set; }
    public int Height { get; set; }

    public event Action<CameraStatus>? Changed;

    public void SetState(CameraState state, string? error = null)
    {
        bool changed = _state != state || error != _lastError;
        _state = state;
        _lastError = error;
        if (changed) Changed?.Invoke(this);
    }

    public void FrameIn() => Interlocked.Increment(ref _framesIn);
    public void FrameQueued() => Interlocked.Increment(ref _framesQueued);
    public void FrameDropped() => Interlocked.Increment(ref _framesDropped);
    public void Reconnected() => Interlocked.Increment(ref _reconnects);

    private long _decoderErrors;
    /// <summary>Decoder complaints about damaged or undecodable data (streams and devices).</summary>
    public long DecoderErrors => Interlocked.Read(ref _decoderErrors);
    public void DecoderError() => Interlocked.Increment(ref _decoderErrors);
}
