using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Inference;

namespace RetinaNet.Edge.Pipeline;

/// <summary>Runs every enabled camera. Capture threads feed bounded per-camera channels. A preprocessing thread
/// takes the oldest waiting frame of each camera that has one (round-robin, up to the model's batch size) and
/// letterboxes them into one of two input buffers; the inference thread runs the other buffer meanwhile, then hands
/// each camera's detections to its tracker and events. On shutdown capture stops first, frames already queued are
/// still processed, then open tracks end.</summary>
internal sealed class PipelineService(AgentConfig config, IDetector detector, IEventSink sink, TimeProvider time, ILoggerFactory loggers,
    IEnumerable<IFrameObserver> observers, Tracking.ITrackIdSeed trackIds, Web.SnapshotStore? snapshots = null) : BackgroundService
{
    private readonly SemaphoreSlim _framesAvailable = new(0, int.MaxValue);
    private readonly List<CameraPipeline> _cameras = [];
    private readonly ILogger _logger = loggers.CreateLogger("RetinaNet.Edge.Pipeline");
    private readonly Channel<InputBatch> _free = Channel.CreateBounded<InputBatch>(2);
    private readonly Channel<(InputBatch Batch, CameraPipeline[] Owners)> _ready = Channel.CreateBounded<(InputBatch, CameraPipeline[])>(1);

    public IReadOnlyList<CameraPipeline> Cameras => _cameras;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var captureLogger = loggers.CreateLogger("RetinaNet.Edge.Capture");
        foreach (var cam in config.Cameras.Where(c => c.Enabled))
        {
            var capture = new CaptureWorker(cam, () => FrameSourceFactory.Create(cam, config.BaseDirectory), () => _framesAvailable.Release(), captureLogger, time);
            _cameras.Add(new CameraPipeline(cam, capture, detector.Model.Labels, config.Agent.Tracking, sink, detector.ExecutionProvider, observers,
                config.Agent.Snapshots.Enabled ? snapshots : null, config.Agent.Snapshots.Mqtt, trackIds.NextTrackId(cam.Name)));
        }
        for (int i = 0; i < 2; i++) _free.Writer.TryWrite(detector.CreateBatch());
        if (config.Agent.Mqtt.HomeAssistantDiscovery)
        {
            foreach (var cam in config.Cameras.Where(c => c.Enabled))
            {
                foreach (var (topic, payload) in Publishing.HomeAssistantDiscovery.Messages(config.Agent.Mqtt, cam, detector.Model.Labels))
                    sink.PublishRetained(topic, payload);
                // Start every discovered counter at 0 so that Home Assistant shows a value, not "unknown".
                var labels = cam.Labels.Count > 0 ? cam.Labels : detector.Model.Labels;
                sink.PublishCounts(cam.Name, labels.Distinct().ToDictionary(l => l, _ => 0));
                foreach (var z in cam.Zones) sink.PublishValue(cam.Name, $"zones/{z.Name}/count", "0");
            }
        }
        foreach (var c in _cameras) { c.PublishStatus(); c.Capture.Start(stoppingToken); }
        var prepare = Task.Factory.StartNew(() => PrepareLoop(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var infer = Task.Factory.StartNew(InferenceLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return Task.WhenAll(prepare, infer);
    }

    /// <summary>Batches waiting frames round-robin across cameras (a fast camera cannot starve the others) and
    /// preprocesses them while the previous batch is in inference.</summary>
    private void PrepareLoop(CancellationToken stopping)
    {
        var frames = new List<Frame>(detector.MaxBatch);
        var owners = new List<CameraPipeline>(detector.MaxBatch);
        int start = 0;
        try
        {
            while (true)
            {
                _framesAvailable.Wait(TimeSpan.FromMilliseconds(200), CancellationToken.None);
                frames.Clear();
                owners.Clear();
                for (int k = 0; k < _cameras.Count && frames.Count < detector.MaxBatch; k++)
                {
                    var cam = _cameras[(start + k) % _cameras.Count];
                    if (cam.Capture.Frames.Reader.TryRead(out var frame))
                    {
                        frame.DequeuedTicks = Stopwatch.GetTimestamp();
                        frames.Add(frame);
                        owners.Add(cam);
                    }
                }
                start = _cameras.Count == 0 ? 0 : (start + 1) % _cameras.Count;
                if (frames.Count == 0)
                {
                    bool allDone = _cameras.All(c => c.Capture.Frames.Reader.Completion.IsCompleted);
                    if (allDone || (stopping.IsCancellationRequested && _cameras.All(c => c.Capture.Frames.Reader.Count == 0 && c.Capture.Status.State is CameraState.Stopped or CameraState.Ended)))
                        break;
                    continue;
                }
                var batch = _free.Reader.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
                batch.Prepare(frames);
                batch.PreparedTicks = Stopwatch.GetTimestamp();
                _ready.Writer.WriteAsync((batch, [.. owners]), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
        }
        finally
        {
            _ready.Writer.TryComplete();
        }
    }

    private void InferenceLoop()
    {
        using var statusTimer = new Timer(_ => { foreach (var c in _cameras) c.PublishStatus(); }, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        var reader = _ready.Reader;
        while (reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var item))
            {
                var (batch, owners) = item;
                try
                {
                    detector.Run(batch, (i, detections) => owners[i].OnDetections(batch.Frames[i], detections));
                }
                catch (Exception e) when (e is Microsoft.ML.OnnxRuntime.OnnxRuntimeException or InvalidOperationException or ArgumentException)
                {
                    // One bad batch (a runtime error in the provider) must not stop the service; its frames are lost.
                    Log.BatchFailed(_logger, batch.Count, e.Message);
                }
                finally
                {
                    foreach (var f in batch.Frames) f.Release();
                    batch.Frames.Clear();
                    _free.Writer.TryWrite(batch);
                }
            }
        }
        foreach (var c in _cameras) { c.EndAll(); c.PublishStatus(); }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var c in _cameras) { c.Capture.Join(TimeSpan.FromSeconds(5)); c.Capture.Dispose(); }
        while (_free.Reader.TryRead(out var b)) b.Dispose();
    }
}
