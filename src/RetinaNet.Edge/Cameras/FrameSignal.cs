namespace RetinaNet.Edge.Cameras;

/// <summary>Wakes the inference lanes when any camera queued a frame (one per process, shared by every capture).</summary>
internal sealed class FrameSignal : IDisposable
{
    private readonly SemaphoreSlim _available = new(0, int.MaxValue);

    public void Release() => _available.Release();

    public void Release(int count) => _available.Release(count);

    public bool Wait(TimeSpan timeout) => _available.Wait(timeout, CancellationToken.None);

    public void Dispose() => _available.Dispose();
}
