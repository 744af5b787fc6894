using Prometheus;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Publishing;
using RetinaNet.Edge.Tracking;

namespace RetinaNet.Edge.Web;

/// <summary>Prometheus exposition (prometheus-net) of the agent: per camera frames in / processed / dropped,
/// reconnects, queue depth and per-stage latency histograms; inference runs and frames; MQTT published / failed /
/// dropped / queued; process CPU and memory (prometheus-net's process collector).</summary>
internal sealed class MetricsExporter : IFrameObserver
{
    private readonly Counter _nativeDecoder, _decoderErrors, _framesIn, _framesProcessed, _framesDropped, _reconnects, _batches, _inferredFrames, _published, _failed, _dropped, _appended, _overBudget, _expired, _writeFailures, _rejected;
    private readonly Gauge _queue, _mqttQueued, _up, _connected, _outboxBytes;
    private readonly Histogram _latency;

    /// <param name="services">Resolved at scrape time: the pipeline itself depends on this observer.</param>
    public MetricsExporter(IServiceProvider services)
    {
        Registry = Metrics.NewCustomRegistry();
        var f = Metrics.WithCustomRegistry(Registry);
        _framesIn = f.CreateCounter("retinanet_camera_frames_in_total", "Frames decoded", "camera");
        _framesProcessed = f.CreateCounter("retinanet_camera_frames_processed_total", "Frames through detection and tracking", "camera");
        _framesDropped = f.CreateCounter("retinanet_camera_frames_dropped_total", "Frames dropped because inference lagged", "camera");
        _reconnects = f.CreateCounter("retinanet_camera_reconnects_total", "Source restarts", "camera");
        _nativeDecoder = f.CreateCounter("retinanet_native_decoder_messages_total", "Damaged-data messages of in-process decoding (OpenCV's FFmpeg: unpaced files), not attributable to a camera");
        _decoderErrors = f.CreateCounter("retinanet_camera_decoder_errors_total", "Decoder complaints about damaged or undecodable data", "camera");
        _queue = f.CreateGauge("retinanet_camera_queue_depth", "Frames waiting for inference", "camera");
        _up = f.CreateGauge("retinanet_camera_streaming", "1 while the camera streams", "camera");
        _latency = f.CreateHistogram("retinanet_frame_stage_seconds", "Per-stage latency of a frame", new HistogramConfiguration
        {
            LabelNames = ["camera", "stage"],
            Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16),
        });
        _batches = f.CreateCounter("retinanet_inference_runs_total", "ONNX Runtime runs");
        _inferredFrames = f.CreateCounter("retinanet_inference_frames_total", "Frames detected");
        _published = f.CreateCounter("retinanet_mqtt_published_total", "MQTT messages the broker accepted");
        _failed = f.CreateCounter("retinanet_mqtt_failed_total", "MQTT publish attempts that failed (retried)");
        _dropped = f.CreateCounter("retinanet_mqtt_dropped_total", "Events lost: QoS 0 queue overflow, outbox over budget or expired, outbox write failures");
        _mqttQueued = f.CreateGauge("retinanet_mqtt_queued", "Events waiting for the broker (outbox and QoS 0 queue)");
        _connected = f.CreateGauge("retinanet_mqtt_connected", "1 while connected to the broker");
        _outboxBytes = f.CreateGauge("retinanet_mqtt_outbox_bytes", "Bytes of events stored in the outbox (counted against mqtt.outbox.maxMegabytes)");
        _appended = f.CreateCounter("retinanet_mqtt_outbox_appended_total", "Events stamped and stored (the events produced)");
        _overBudget = f.CreateCounter("retinanet_mqtt_outbox_dropped_over_budget_total", "Oldest events deleted unsent because the outbox was over mqtt.outbox.maxMegabytes");
        _expired = f.CreateCounter("retinanet_mqtt_outbox_expired_total", "Events deleted unsent because they were older than mqtt.outbox.maxAgeHours");
        _writeFailures = f.CreateCounter("retinanet_mqtt_outbox_write_failures_total", "Events that could not be stored (disk full, I/O error)");
        _rejected = f.CreateCounter("retinanet_mqtt_rejected_total", "Events the broker refused for good (e.g. not authorized for the topic)");
        DotNetStats.Register(Registry);
        Registry.AddBeforeCollectCallback(() =>
        {
            var pipeline = (PipelineService)services.GetService(typeof(PipelineService))!;
            var detector = (IDetector)services.GetService(typeof(IDetector))!;
            var sink = (MqttEventSink)services.GetService(typeof(MqttEventSink))!;
            foreach (var c in pipeline.Cameras)
            {
                var s = c.Capture.Status;
                _framesIn.WithLabels(c.Name).IncTo(s.FramesIn);
                _framesProcessed.WithLabels(c.Name).IncTo(s.FramesProcessed);
                _framesDropped.WithLabels(c.Name).IncTo(s.FramesDropped);
                _reconnects.WithLabels(c.Name).IncTo(s.Reconnects);
                _decoderErrors.WithLabels(c.Name).IncTo(s.DecoderErrors);
                _queue.WithLabels(c.Name).Set(c.Capture.Frames.Reader.Count);
                _up.WithLabels(c.Name).Set(s.State == CameraState.Streaming ? 1 : 0);
            }
            _batches.IncTo(detector.Metrics.Batches);
            _inferredFrames.IncTo(detector.Metrics.Frames);
            _published.IncTo(sink.Published);
            _failed.IncTo(sink.Failed);
            _dropped.IncTo(sink.Dropped);
            _mqttQueued.Set(sink.Queued);
            _connected.Set(sink.IsConnected ? 1 : 0);
            _outboxBytes.Set(sink.Outbox.PendingBytes);
            _appended.IncTo(sink.Outbox.Appended);
            _overBudget.IncTo(sink.Outbox.DroppedOverBudget);
            _expired.IncTo(sink.Outbox.Expired);
            _writeFailures.IncTo(sink.Outbox.WriteFailures);
            _rejected.IncTo(sink.Rejected);
            if (services.GetService(typeof(Hosting.NativeStderr)) is Hosting.NativeStderr native) _nativeDecoder.IncTo(native.DecoderMessages);
        });
    }

    public CollectorRegistry Registry { get; }

    public void OnFrame(Frame frame, int width, int height, IReadOnlyList<Track> tracks)
    {
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        double S(long a, long b) => (b - a) / (double)System.Diagnostics.Stopwatch.Frequency;
        _latency.WithLabels(frame.Camera, "queue").Observe(S(frame.CapturedTicks, frame.DequeuedTicks));
        _latency.WithLabels(frame.Camera, "inference").Observe(S(frame.DequeuedTicks, frame.InferredTicks));
        _latency.WithLabels(frame.Camera, "tracking").Observe(S(frame.InferredTicks, now));
        _latency.WithLabels(frame.Camera, "capture_to_tracked").Observe(S(frame.CapturedTicks, now));
    }
}
