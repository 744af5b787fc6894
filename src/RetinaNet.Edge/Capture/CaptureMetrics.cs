using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using RetinaNet.Edge.Cameras;

namespace RetinaNet.Edge.Capture;

/// <summary>Capture's instruments on the <c>RetinaNet.Edge.Capture</c> meter, observed from each worker's own status
/// at collection time (the counters live where they are counted, once).</summary>
internal sealed class CaptureMetrics
{
    public const string MeterName = "RetinaNet.Edge.Capture";
    private readonly ConcurrentDictionary<CaptureWorker, byte> _workers = new();

    public CaptureMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter("retinanet.camera.frames_in", () => Each(w => w.Status.FramesIn), description: "Frames decoded");
        meter.CreateObservableCounter("retinanet.camera.frames_dropped", () => Each(w => w.Status.FramesDropped), description: "Frames dropped because inference lagged");
        meter.CreateObservableCounter("retinanet.camera.reconnects", () => Each(w => w.Status.Reconnects), description: "Source restarts");
        meter.CreateObservableCounter("retinanet.camera.decoder_errors", () => Each(w => w.Status.DecoderErrors), description: "Decoder complaints about damaged or undecodable data");
        meter.CreateObservableGauge("retinanet.camera.queue_depth", () => Each(w => (long)w.Frames.Reader.Count), description: "Frames waiting for inference");
        meter.CreateObservableGauge("retinanet.camera.decoder_lag", () => _workers.Keys.Select(w => new Measurement<double>(w.Status.DecoderLag, new KeyValuePair<string, object?>("camera", w.Camera.Name))),
            unit: "s", description: "How late the decoder delivered the latest frame, by the stream's own clock (0: as promptly as its promptest frame)");
        meter.CreateObservableGauge("retinanet.camera.streaming", () => Each(w => w.Status.State == CameraState.Streaming ? 1L : 0L), description: "1 while the camera streams");
    }

    public void Add(CaptureWorker worker) => _workers[worker] = 0;
    public void Remove(CaptureWorker worker) => _workers.TryRemove(worker, out _);

    private IEnumerable<Measurement<long>> Each(Func<CaptureWorker, long> value) =>
        _workers.Keys.Select(w => new Measurement<long>(value(w), new KeyValuePair<string, object?>("camera", w.Camera.Name)));
}
