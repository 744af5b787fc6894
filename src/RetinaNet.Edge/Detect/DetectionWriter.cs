using System.Text.Json;
using RetinaNet.Edge.Vision.Decoding;

namespace RetinaNet.Edge.Detect;

/// <summary>One JSON line per image or video frame: source, frame index (videos), size, and every detection with its
/// class id, label, score and box in source pixels, all at full float precision (shortest round-trip form).</summary>
internal sealed class DetectionWriter(Stream output, IReadOnlyList<string> labels) : IDisposable
{
    private readonly Utf8JsonWriter _json = new(output, new JsonWriterOptions { SkipValidation = true });
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public void Write(string source, long? frame, int width, int height, ReadOnlySpan<Detection> detections)
    {
        _json.WriteStartObject();
        _json.WriteString("source", source);
        if (frame is { } f) _json.WriteNumber("frame", f);
        _json.WriteNumber("width", width);
        _json.WriteNumber("height", height);
        _json.WriteStartArray("detections");
        foreach (var d in detections)
        {
            _json.WriteStartObject();
            _json.WriteNumber("classId", d.ClassId);
            _json.WriteString("label", Inference.LabelNames.Of(labels, d.ClassId));
            _json.WriteNumber("score", d.Score);
            _json.WriteStartObject("box");
            _json.WriteNumber("x1", d.Box.X1);
            _json.WriteNumber("y1", d.Box.Y1);
            _json.WriteNumber("x2", d.Box.X2);
            _json.WriteNumber("y2", d.Box.Y2);
            _json.WriteEndObject();
            _json.WriteEndObject();
        }
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
        _json.Reset();
        output.Write(NewLine);
    }

    public void Dispose()
    {
        _json.Dispose();
        output.Flush();
    }
}
