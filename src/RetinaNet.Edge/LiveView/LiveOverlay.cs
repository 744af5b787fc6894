using System.Buffers;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Tracking;

namespace RetinaNet.Edge.LiveView;

/// <summary>Boxes as data for the browser live view: for every processed frame of a watched camera, its confirmed
/// tracks (<see cref="BoxesJson"/>) stamped with the frame's presentation timestamp, the same clock as the remuxed video's, so that the page
/// draws them on the frame being shown (and interpolates between processed frames). Nothing is made for a camera
/// nobody watches. Called on the inference thread: one small JSON text per frame, handed to the hub's queues.</summary>
internal sealed class LiveOverlay(LiveVideoHub hub, Inference.IDetector detector) : IFrameObserver
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public void OnFrame(Frame frame, int width, int height, IReadOnlyList<Track> tracks)
    {
        if (!hub.Watched(frame.Camera) || double.IsNaN(frame.Pts)) return;
        _buffer.ResetWrittenCount();
        BoxesJson.Write(_buffer, frame, width, height, tracks, detector.Model.Labels);
        hub.Boxes(frame.Camera, System.Text.Encoding.UTF8.GetString(_buffer.WrittenSpan));
    }
}
