using System.Collections.Concurrent;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Vision.Evaluation;

namespace RetinaNet.Edge.Evaluation;

/// <summary>Records, per camera, the confirmed tracks matched in each frame — the tracker's output in
/// MOTChallenge terms (frame numbers 1-based).</summary>
internal sealed class MotRecorder : IFrameObserver
{
    public ConcurrentDictionary<string, List<MotBox>> Boxes { get; } = new();

    public void OnFrame(Capture.Frame frame, int width, int height, IReadOnlyList<Track> tracks)
    {
        long frameIndex = frame.Index;
        var list = Boxes.GetOrAdd(frame.Camera, _ => []);
        foreach (var t in tracks)
            if (t.State == TrackState.Confirmed && t.Misses == 0) list.Add(new MotBox((int)frameIndex + 1, t.Id, t.Box));
    }
}
