using System.Diagnostics.Metrics;

namespace RetinaNet.Edge.LiveView;

/// <summary>The live view's instruments on the <c>RetinaNet.Edge.LiveView</c> meter: remuxed video passed on, and
/// messages a slow viewer missed (video resumes at the next keyframe; boxes are simply dropped), annotated views skipped.</summary>
internal sealed class LiveViewMetrics
{
    private readonly Counter<long> _bytes, _skipped, _viewSkipped;

    public LiveViewMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("RetinaNet.Edge.LiveView");
        _bytes = meter.CreateCounter<long>("retinanet.live_video.bytes", unit: "By", description: "Remuxed video (fMP4) read from the cameras' decoders");
        _skipped = meter.CreateCounter<long>("retinanet.live_video.skipped", description: "Live-view messages a slow viewer missed, by kind (video, boxes)");
        _viewSkipped = meter.CreateCounter<long>("retinanet.live_view.frames_skipped", description: "Live-view frames not drawn because the previous one was still being drawn");
    }

    /// <summary>An annotated (MJPEG) view due while the previous one was still being drawn.</summary>
    public void ViewSkipped(string camera) => _viewSkipped.Add(1, new KeyValuePair<string, object?>("camera", camera));

    public void Fragment(string camera, int bytes) => _bytes.Add(bytes, new KeyValuePair<string, object?>("camera", camera));

    public void Skipped(string camera, string kind) =>
        _skipped.Add(1, new KeyValuePair<string, object?>("camera", camera), new KeyValuePair<string, object?>("kind", kind));
}
