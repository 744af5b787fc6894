using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Inference;

namespace RetinaNet.Edge.Pipeline;

/// <summary>Runs every enabled camera: capture threads feed bounded per-camera channels; one inference loop takes
/// the newest frame of each camera that has one (round-robin, up to the model's batch size), runs them as one
/// batch, and hands each camera's detections to its tracker and events. On shutdown capture stops first, frames
/// already queued are still processed, then open tracks end.</summary>
internal sealed class PipelineService(AgentConfig config, IDetector detector, IEventSink sink, TimeProvider time, ILoggerFactory loggers,
    IEnumerable<IFrameObserver> observers) : BackgroundService
{
    private readonly SemaphoreSlim _framesAvailable = new(0, int.MaxValue);
    private readonly List<CameraPipeline> _cameras = [];

    public IReadOnlyList<CameraPipeline> Cameras => _cameras;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var captureLogger = loggers.CreateLogger("RetinaNet.Edge.Capture");
        foreach (var cam in config.Cameras.Where(c => c.Enabled))
        {
            var capture = new CaptureWorker(cam, () => FrameSourceFactory.Create(cam, config.BaseDirectory), () => _framesAvailable.Release(), captureLogger, time);
            _cameras.Add(new CameraPipeline(cam, capture, detector.Model.Labels, config.Agent.Tracking, sink, detector.ExecutionProvider, observers));
        }
        foreach (var c in _cameras) { c.PublishStatus(); c.Capture.Start(stoppingToken); }
        return Task.Factory.StartNew(() => InferenceLoop(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void InferenceLoop(CancellationToken stopping)
    {
        var batch = new List<Frame>(detector.MaxBatch);
        var owners = new List<CameraPipeline>(detector.MaxBatch);
        int start = 0;
        using var statusTimer = new Timer(_ => { foreach (var c in _cameras) c.PublishStatus(); }, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        while (true)
        {
            _framesAvailable.Wait(TimeSpan.FromMilliseconds(200), CancellationToken.None);
            batch.Clear();
            owners.Clear();
            // Round-robin over cameras so that a fast camera cannot starve the others.
            for (int k = 0; k < _cameras.Count && batch.Count < detector.MaxBatch; k++)
            {
                var cam = _cameras[(start + k) % _cameras.Count];
                if (cam.Capture.Frames.Reader.TryRead(out var frame))
                {
                    frame.DequeuedTicks = System.Diagnostics.Stopwatch.GetTimestamp();
                    batch.Add(frame);
                    owners.Add(cam);
                }
            }
            start = _cameras.Count == 0 ? 0 : (start + 1) % _cameras.Count;
            if (batch.Count == 0)
            {
                bool allDone = _cameras.All(c => c.Capture.Frames.Reader.Completion.IsCompleted);
                if (allDone || (stopping.IsCancellationRequested && _cameras.All(c => c.Capture.Frames.Reader.Count == 0 && c.Capture.Status.State is CameraState.Stopped or CameraState.Ended)))
                    break;
                continue;
            }
            try
            {
                detector.Detect(batch, (i, detections) => owners[i].OnDetections(batch[i], detections));
            }
            finally
            {
                foreach (var f in batch) f.Release();
            }
        }
        foreach (var c in _cameras) { c.EndAll(); c.PublishStatus(); }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var c in _cameras) { c.Capture.Join(TimeSpan.FromSeconds(5)); c.Capture.Dispose(); }
    }
}
