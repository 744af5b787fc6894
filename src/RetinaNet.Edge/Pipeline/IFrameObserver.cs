using RetinaNet.Edge.Tracking;

namespace RetinaNet.Edge.Pipeline;

/// <summary>Sees every processed frame's tracks (after the tracker, before events): evaluation, overlays, metrics.
/// Called on the inference thread; implementations must be quick.</summary>
internal interface IFrameObserver
{
    void OnFrame(Capture.Frame frame, int width, int height, IReadOnlyList<Track> tracks);
}
