using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Pipeline;

/// <summary>A camera's detection filter: boxes moved from the (possibly scaled) image's pixels into the camera's own,
/// then the camera's labels and its minimum and maximum box area. Allocates nothing per frame.</summary>
internal sealed class DetectionFilter(CameraOptions camera, IReadOnlyList<string> labels)
{
    private CameraOptions _camera = camera;
    private bool[] _allowed = Allowed(camera, labels);

    /// <summary>The camera's file changed: its labels and areas apply from the next frame.</summary>
    public void Reconfigure(CameraOptions camera)
    {
        _allowed = Allowed(camera, labels);
        _camera = camera;
    }

    /// <summary>Fills <paramref name="kept"/> with the frame's detections that pass, in the camera's pixels.</summary>
    public void Apply(Frame frame, ReadOnlySpan<Detection> detections, List<Detection> kept)
    {
        kept.Clear();
        float scale = frame.ToSource;
        foreach (var raw in detections)
        {
            var d = scale == 1f ? raw : raw with { Box = new BoxF(raw.Box.X1 * scale, raw.Box.Y1 * scale, raw.Box.X2 * scale, raw.Box.Y2 * scale) };
            if (d.ClassId < 0 || d.ClassId >= _allowed.Length || !_allowed[d.ClassId]) continue;
            double area = d.Box.Area;
            if (area < _camera.MinArea || (_camera.MaxArea > 0 && area > _camera.MaxArea)) continue;
            kept.Add(d);
        }
    }

    private static bool[] Allowed(CameraOptions camera, IReadOnlyList<string> labels) =>
        [.. labels.Select(l => camera.Labels.Count == 0 || camera.Labels.Contains(l))];
}
