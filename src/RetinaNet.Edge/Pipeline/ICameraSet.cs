namespace RetinaNet.Edge.Pipeline;

/// <summary>The cameras inference takes frames from: the camera supervisor's, which change while the agent runs
/// (the seam between the supervisor and inference; inference never starts, changes or stops a camera).</summary>
internal interface ICameraSet
{
    /// <summary>The running cameras now (an immutable snapshot: a reader may keep it for one pass).</summary>
    IReadOnlyList<CameraPostProcessor> Current { get; }

    /// <summary>True when cameras may still come (live camera files): inference then runs until the agent stops, even
    /// while no camera streams. False for a fixed set (tool commands): inference ends once every capture has.</summary>
    bool Live { get; }
}

/// <summary>Wakes the inference lanes when any camera queued a frame (one per process, shared by every capture).</summary>
internal sealed class FrameSignal : IDisposable
{
    private readonly SemaphoreSlim _available = new(0, int.MaxValue);

    public void Release() => _available.Release();

    public void Release(int count) => _available.Release(count);

    public bool Wait(TimeSpan timeout) => _available.Wait(timeout, CancellationToken.None);

    public void Dispose() => _available.Dispose();
}

/// <summary>Told when a camera starts running and when it is removed — publishing's seam for what belongs to a camera
/// outside its frames (Home Assistant discovery, counters starting at 0; clearing the retained topics).</summary>
internal interface ICameraAnnouncer
{
    void Started(Configuration.CameraOptions camera, IReadOnlyList<string> modelLabels);

    void Removed(Configuration.CameraOptions camera, IReadOnlyList<string> modelLabels);
}
