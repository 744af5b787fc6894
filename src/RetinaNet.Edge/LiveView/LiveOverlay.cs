using System.Buffers;
using System.Text.Json;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Tracking;

namespace RetinaNet.Edge.LiveView;

/// <summary>Boxes as data for the browser live view: for every processed frame of a watched camera, its confirmed
/// tracks — id, label, score, box in the camera's full-resolution pixels, and whether the detector saw it in this
/// frame — stamped with the frame's presentation timestamp (and the wall-clock time it left the decoder), the same clock as the remuxed video's, so that the page
/// draws them on the frame being shown (and interpolates between processed frames). Nothing is made for a camera
/// nobody watches. Called on the inference thread: one small JSON text per frame, handed to the hub's queues.</summary>
internal sealed class LiveOverlay(LiveVideoHub hub, Inference.IDetector detector) : IFrameObserver
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public void OnFrame(Frame frame, int width, int height, IReadOnlyList<Track> tracks)
    {
        if (!hub.Watched(frame.Camera) || double.IsNaN(frame.Pts)) return;
        var labels = detector.Model.Labels;
        _buffer.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(_buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "boxes");
            w.WriteNumber("t", Math.Round(frame.Pts, 6));
            w.WriteNumber("frame", frame.Index);
            // When the frame left the decoder (Unix ms): the page measures how long after that it shows the frame.
            w.WriteNumber("wall", frame.CapturedAt.ToUnixTimeMilliseconds());
            w.WriteNumber("width", width);
            w.WriteNumber("height", height);
            w.WriteStartArray("tracks");
            foreach (var t in tracks)
            {
                if (t.State != TrackState.Confirmed) continue;
                w.WriteStartObject();
                w.WriteNumber("id", t.Id);
                w.WriteString("label", Inference.LabelNames.Of(labels, t.ClassId));
                w.WriteNumber("score", Math.Round(t.Score, 3));
                w.WriteStartArray("box");
                w.WriteNumberValue(Math.Round(t.Box.X1, 1)); w.WriteNumberValue(Math.Round(t.Box.Y1, 1));
                w.WriteNumberValue(Math.Round(t.Box.X2, 1)); w.WriteNumberValue(Math.Round(t.Box.Y2, 1));
                w.WriteEndArray();
                w.WriteBoolean("seen", t.Matched);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        hub.Boxes(frame.Camera, System.Text.Encoding.UTF8.GetString(_buffer.WrittenSpan));
    }
}
