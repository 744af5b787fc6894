using System.Buffers;
using System.Text.Json;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Tracking;

namespace RetinaNet.Edge.LiveView;

/// <summary>One processed frame's confirmed tracks as the live view and the clips' sidecars carry them: id, label,
/// score, box in the camera's full-resolution pixels, whether the detector saw it in this frame — stamped with the
/// frame's presentation timestamp <c>t</c> (the video's own clock) and the wall-clock time it left the decoder.</summary>
internal static class BoxesJson
{
    public static void Write(IBufferWriter<byte> output, Frame frame, int width, int height, IReadOnlyList<Track> tracks, IReadOnlyList<string> labels)
    {
        using var w = new Utf8JsonWriter(output);
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
}
