using System.Diagnostics;
using System.Threading.Channels;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Inference;

namespace RetinaNet.Edge.Pipeline;

/// <summary>Batches and infers for every enabled camera. Capture threads feed bounded per-camera channels. A preprocessing thread
/// takes the oldest waiting frame of each camera that has one (round-robin, up to the model's batch size) and
/// letterboxes them into one of two input buffers; the inference thread runs the other buffer meanwhile, then hands
/// each camera's detections to its <see cref="CameraPostProcessor"/>. On shutdown capture stops first, frames already
/// queued are still processed, then open tracks end.</summary>
internal sealed class InferenceService(AgentConfig config, IDetector detector, ICaptureFactory captures, PostProcessingSeams seams, TimeProvider time,
    ILoggerFactory loggers, Tracking.ITrackIdSeed trackIds, PipelineHealth health) : BackgroundService, ICameraStatusSource
{
    private readonly RateLimitedLog _errors = new(loggers.CreateLogger("RetinaNet.Edge.Pipeline"), time, TimeSpan.FromSeconds(10));
    private readonly SemaphoreSlim _framesAvailable = new(0, int.MaxValue);
    private readonly List<CameraPostProcessor> _cameras = [];
    private readonly ILogger _logger = loggers.CreateLogger("RetinaNet.Edge.Pipeline");
    // The stages on both ends of these channels are dedicated threads blocked in a wait: a write wakes the waiting
    // thread directly (synchronous continuations) instead of queueing the wake-up to a thread-pool worker, which cost
    // a second thread's wake-up and context switch per hand-over.
    private readonly Channel<InputBatch> _free = Channel.CreateUnbounded<InputBatch>(new UnboundedChannelOptions { AllowSynchronousContinuations = true });
    private readonly Channel<(InputBatch Batch, CameraPostProcessor[] Owners)> _ready = Channel.CreateBounded<(InputBatch, CameraPostProcessor[])>(
        new BoundedChannelOptions(Math.Max(1, detector.Workers)) { AllowSynchronousContinuations = true });
    private readonly object _turn = new();
    private readonly Dictionary<long, (InputBatch Batch, CameraPostProcessor[] Owners, bool Ran)> _finished = [];
    private bool _draining;
    private long _nextToPostProcess;

    public IReadOnlyList<CameraPostProcessor> Cameras => _cameras;

    public IReadOnlyList<CameraSnapshot> Snapshot() => [.. _cameras.Select(c => c.Snapshot())];

    /// <summary>The camera pipelines exist once the service has started (ExecuteAsync runs on a background thread
    /// since .NET 10; readers such as /api/cameras and readiness must never see the list change).</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var cam in config.Cameras.Where(c => c.Enabled))
        {
            var capture = captures.Create(cam, config.BaseDirectory, () => _framesAvailable.Release(), (detector.Model.InputWidth, detector.Model.InputHeight));
            _cameras.Add(new CameraPostProcessor(cam, capture, detector.Model.Labels, config.Agent.Tracking, seams, detector.ExecutionProvider, trackIds.NextTrackId(cam.Name)));
        }
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One batch per inference worker plus one being preprocessed.
        int workers = Math.Max(1, detector.Workers);
        for (int i = 0; i < workers + 1; i++) _free.Writer.TryWrite(detector.CreateBatch());
        if (config.Agent.Mqtt.HomeAssistantDiscovery)
        {
            foreach (var cam in config.Cameras.Where(c => c.Enabled))
            {
                foreach (var (topic, payload) in Publishing.HomeAssistantDiscovery.Messages(config.Agent.Mqtt, cam, detector.Model.Labels))
                    seams.State.PublishRetained(topic, payload);
                // Start every discovered counter at 0 so that Home Assistant shows a value, not "unknown".
                var labels = cam.Labels.Count > 0 ? cam.Labels : detector.Model.Labels;
                seams.State.PublishCounts(cam.Name, labels.Distinct().ToDictionary(l => l, _ => 0));
                foreach (var z in cam.Zones) seams.State.PublishValue(cam.Name, $"zones/{z.Name}/count", "0");
            }
        }
        foreach (var c in _cameras) { c.PublishStatus(); c.Capture.Start(stoppingToken); }
        var prepare = Supervised("preprocessing", () => PrepareLoop(stoppingToken));
        var statusTimer = time.CreateTimer(_ => { foreach (var c in _cameras) c.PublishStatus(); }, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        var infer = Enumerable.Range(0, workers).Select(w => Supervised(workers == 1 ? "inference" : $"inference {w + 1}", InferenceLoop)).ToArray();
        var ended = Task.WhenAll(infer).ContinueWith(_ =>
        {
            statusTimer.Dispose();
            EndTracks();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return Task.WhenAll(prepare, ended);
    }

    /// <summary>A long-running loop on its own thread; if it ends while the agent is not stopping — or with an
    /// exception at any time — <see cref="PipelineHealth"/> turns fatal (readiness 503, watchdog pings stop).</summary>
    private Task Supervised(string name, Action loop) => Task.Factory.StartNew(() =>
    {
        try
        {
            loop();
            health.LoopEnded(name, null);
        }
        catch (Exception e)
        {
            health.LoopEnded(name, e);
            Log.LoopEnded(_logger, name, e.GetType().Name, e.Message, e);
        }
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Batches waiting frames round-robin across cameras (a fast camera cannot starve the others) and
    /// preprocesses them while the previous batch is in inference.</summary>
    private void PrepareLoop(CancellationToken stopping)
    {
        var frames = new List<Frame>(detector.MaxBatch);
        var owners = new List<CameraPostProcessor>(detector.MaxBatch);
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
                try
                {
                    batch.Prepare(frames);
                }
                catch (Exception e)
                {
                    // A frame that cannot be preprocessed is lost (counted with the failed batches); the loop goes on.
                    health.BatchFailed(e);
                    _errors.Error("prepare:" + e.GetType().Name, e, "preprocessing a batch");
                    foreach (var f in frames) f.Release();
                    batch.Frames.Clear();
                    _free.Writer.TryWrite(batch);
                    continue;
                }
                batch.PreparedTicks = Stopwatch.GetTimestamp();
                batch.Sequence = _prepared++;
                _ready.Writer.WriteAsync((batch, [.. owners]), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
        }
        finally
        {
            _ready.Writer.TryComplete();
        }
    }

    private long _prepared;

    /// <summary>One inference worker: runs batches (concurrently with the other workers), keeping each frame's
    /// detections with its batch, and hands the batch to <see cref="Complete"/>. A worker never waits for another's
    /// batch: the one that completes the next batch in order post-processes it (and any finished after it).</summary>
    private void InferenceLoop()
    {
        var reader = _ready.Reader;
        InputBatch? current = null;
        DetectionSink keep = (i, detections) => { foreach (var d in detections) current!.Results[i].Add(d); }; // one delegate per worker, not per batch
        while (reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var item))
            {
                var (batch, owners) = item;
                current = batch;
                bool ran = false;
                try
                {
                    foreach (var r in batch.Results) r.Clear();
                    detector.Run(batch, keep);
                    ran = true;
                    health.BatchSucceeded();
                }
                catch (Exception e)
                {
                    // Any error of one batch (the provider, a model that does not fit) loses its frames, never the loop;
                    // if every batch fails for long, PipelineHealth makes it fatal.
                    health.BatchFailed(e);
                    _errors.Error("infer:" + e.GetType().Name, e, $"inference of a batch of {batch.Count} frame(s)");
                }
                finally
                {
                    Complete(batch, owners, ran);
                }
            }
        }
    }

    /// <summary>Post-processing in frame order without idle workers (a reorder buffer): a finished batch is parked;
    /// whoever parks the batch that is next in order becomes the drainer and post-processes every consecutive parked
    /// batch, one drainer at a time, so tracking and events see every camera's frames in order. Before this, a worker
    /// that finished early waited for the other's batch — idle CPU the sum-of-stages limit counted on.</summary>
    private void Complete(InputBatch batch, CameraPostProcessor[] owners, bool ran)
    {
        lock (_turn)
        {
            _finished.Add(batch.Sequence, (batch, owners, ran));
            if (_draining) return;
            _draining = true;
        }
        while (true)
        {
            (InputBatch Batch, CameraPostProcessor[] Owners, bool Ran) next;
            lock (_turn)
            {
                if (!_finished.Remove(_nextToPostProcess, out next)) { _draining = false; return; }
                _nextToPostProcess++;
            }
            try
            {
                if (next.Ran)
                    for (int i = 0; i < next.Batch.Count; i++)
                        PostProcess(next.Owners[i], next.Batch.Frames[i], System.Runtime.InteropServices.CollectionsMarshal.AsSpan(next.Batch.Results[i]));
            }
            finally
            {
                foreach (var f in next.Batch.Frames) f.Release();
                next.Batch.Frames.Clear();
                _free.Writer.TryWrite(next.Batch);
            }
        }
    }

    private void EndTracks()
    {
        foreach (var c in _cameras)
        {
            try { c.EndAll(); c.PublishStatus(); }
            catch (Exception e) { _errors.Error("end:" + c.Name, e, $"ending the tracks of camera {c.Name}"); }
        }
    }

    /// <summary>One camera's tracker, events, zones and observers for one frame: an exception there (a bug, a bad
    /// configuration that slipped through) is contained to that frame and camera, counted and shown in its status.</summary>
    private void PostProcess(CameraPostProcessor camera, Frame frame, ReadOnlySpan<Vision.Decoding.Detection> detections)
    {
        try
        {
            camera.OnDetections(frame, detections);
        }
        catch (Exception e)
        {
            health.PostProcessingFailed();
            camera.PostProcessingFailed(e);
            _errors.Error($"post:{camera.Name}:{e.GetType().Name}", e, $"post-processing a frame of camera {camera.Name}");
        }
    }

    /// <summary>Stops capture, lets queued frames through and ends open tracks — for at most 5 s: a loop hung in native
    /// code is left behind (and nothing it may still touch is disposed) rather than holding SIGTERM hostage.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        health.Stopping = true;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(5));
        await base.StopAsync(bounded.Token).ConfigureAwait(false);
        if (ExecuteTask is { IsCompleted: false })
        {
            Log.StopTimedOut(_logger);
            return;
        }
        foreach (var c in _cameras) if (c.Capture.Join(TimeSpan.FromSeconds(3))) c.Capture.Dispose();
        while (_free.Reader.TryRead(out var b)) b.Dispose();
        _stopped = true;
    }

    private bool _stopped;

    public override void Dispose()
    {
        if (_stopped) _framesAvailable.Dispose(); // a hung loop may still wait on it otherwise
        base.Dispose();
    }
}
