using System.Diagnostics;
using System.Threading.Channels;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Cameras;

namespace RetinaNet.Edge.Pipeline;

/// <summary>Batches and infers for the running cameras (<see cref="ICameraSet"/>: the supervisor starts, changes and
/// stops them; this service only batches and infers). Capture threads feed bounded per-camera channels. Each
/// inference lane (one per core on the CPU provider, two on a GPU) takes the oldest waiting frame of each camera that
/// has one (round-robin, its share of the waiting frames among the idle lanes, up to the model's batch size), letterboxes them into a free input buffer, runs it and hands
/// each camera's detections back to its <see cref="ICameraLane"/> in frame order. One lane's preprocessing overlaps
/// the other lanes' inference; a lane preprocesses and infers on the same core, so the 1.2 MB input tensor is still in
/// that core's cache when inference reads it (a separate preprocessing thread wrote it on one core for another to
/// read, and cost a wake-up and a context switch per batch). On shutdown capture stops first, frames already queued
/// are still processed, then open tracks end.</summary>
internal sealed class InferenceService(IDetector detector, ICameraSet cameras, FrameSignal signal, TimeProvider time,
    ILoggerFactory loggers, PipelineHealth health) : BackgroundService
{
    private readonly RateLimitedLog _errors = new(loggers.CreateLogger("RetinaNet.Edge.Pipeline"), time, TimeSpan.FromSeconds(10));
    private readonly ILogger _logger = loggers.CreateLogger("RetinaNet.Edge.Pipeline");
    // Lanes waiting for a free buffer are dedicated threads: a write wakes the waiting thread directly (synchronous
    // continuations) instead of queueing the wake-up to a thread-pool worker.
    private readonly Channel<InputBatch> _free = Channel.CreateUnbounded<InputBatch>(new UnboundedChannelOptions { AllowSynchronousContinuations = true });
    private readonly object _turn = new();
    private readonly object _take = new();
    private int _start;
    private long _taken;
    private int _idleLanes;
    private readonly Dictionary<long, (InputBatch Batch, ICameraLane[] Owners, bool Ran)> _finished = [];
    private bool _draining;
    private long _nextToPostProcess;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One buffer per lane plus one: a lane whose finished batch waits in the reorder buffer goes on with another.
        int workers = Math.Max(1, detector.Workers);
        for (int i = 0; i < workers + 1; i++) _free.Writer.TryWrite(detector.CreateBatch());
        var lanes = Enumerable.Range(0, workers).Select(w => Supervised(workers == 1 ? "inference" : $"inference {w + 1}", () => LaneLoop(stoppingToken))).ToArray();
        return Task.WhenAll(lanes).ContinueWith(_ => EndTracks(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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

    /// <summary>One inference lane: takes a batch of waiting frames round-robin across cameras (a fast camera cannot
    /// starve the others), preprocesses, runs (concurrently with the other lanes, keeping each frame's detections
    /// with its batch) and hands the batch to <see cref="Complete"/>. A lane never waits for another's batch: the one
    /// that completes the next batch in order post-processes it (and any finished after it).</summary>
    private void LaneLoop(CancellationToken stopping)
    {
        var frames = new List<Frame>(detector.MaxBatch);
        var owners = new List<ICameraLane>(detector.MaxBatch);
        InputBatch? current = null;
        DetectionSink keep = (i, detections) => { foreach (var d in detections) current!.Results[i].Add(d); }; // one delegate per lane, not per batch
        while (true)
        {
            // The buffer before the frames: a lane that holds a batch number always has a buffer to run it in, so the
            // reorder buffer below can always drain (taking frames first could leave every buffer parked behind a
            // number whose lane waits for a buffer).
            var batch = _free.Reader.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            if (!TakeBatch(frames, owners, stopping, out long sequence))
            {
                _free.Writer.TryWrite(batch);
                return;
            }
            batch.Sequence = sequence;
            current = batch;
            bool ran = false;
            try
            {
                batch.Prepare(frames);
                batch.PreparedTicks = Stopwatch.GetTimestamp();
                foreach (var r in batch.Results) r.Clear();
                detector.Run(batch, keep);
                ran = true;
                health.BatchSucceeded();
            }
            catch (Exception e)
            {
                // Any error of one batch (a frame that cannot be preprocessed, the provider, a model that does not fit)
                // loses its frames, never the loop; if every batch fails for long, PipelineHealth makes it fatal.
                health.BatchFailed(e);
                _errors.Error("infer:" + e.GetType().Name, e, $"preprocessing and inference of a batch of {frames.Count} frame(s)");
                batch.Frames.Clear();
                batch.Frames.AddRange(frames); // released with the batch, however far Prepare got
            }
            finally
            {
                Complete(batch, [.. owners], ran);
            }
        }
    }

    /// <summary>Waits for frames and takes a batch of them, numbered; false once every camera is done. The waiting
    /// frames are shared among the idle lanes (a lane takes its share, rounded up): cameras started together deliver
    /// their frames together, and one lane taking all of them ran them one after another on one core while the other
    /// lane slept — 3 cameras of 1080p at 5 frames/s on 2 cores: p99 capture → publish 927 ms.</summary>
    private bool TakeBatch(List<Frame> frames, List<ICameraLane> owners, CancellationToken stopping, out long sequence)
    {
        Interlocked.Increment(ref _idleLanes);
        try { return TakeShare(frames, owners, stopping, out sequence); }
        finally { Interlocked.Decrement(ref _idleLanes); }
    }

    private bool TakeShare(List<Frame> frames, List<ICameraLane> owners, CancellationToken stopping, out long sequence)
    {
        while (true)
        {
            signal.Wait(TimeSpan.FromMilliseconds(200));
            lock (_take)
            {
                frames.Clear();
                owners.Clear();
                var current = cameras.Current; // one snapshot per pass: the supervisor may add or remove cameras meanwhile
                int share = Share(current);
                for (int k = 0; k < current.Count && frames.Count < share; k++)
                {
                    var cam = current[(_start + k) % current.Count];
                    if (cam.Frames.TryRead(out var frame))
                    {
                        frame.DequeuedTicks = Stopwatch.GetTimestamp();
                        frames.Add(frame);
                        owners.Add(cam);
                    }
                }
                _start = current.Count == 0 ? 0 : (_start + 1) % current.Count;
                if (frames.Count > 0)
                {
                    sequence = _taken++; // taken and numbered under one lock: the numbers follow every camera's frame order
                    return true;
                }
                if (AllDone(current, stopping)) { sequence = -1; return false; }
            }
        }
    }

    /// <summary>This lane's part of the waiting frames: divided among the lanes waiting for work, rounded up, at most
    /// the model's batch.</summary>
    private int Share(IReadOnlyList<ICameraLane> current)
    {
        int waiting = 0;
        foreach (var cam in current) waiting += cam.Frames.Count;
        return ShareOf(waiting, Volatile.Read(ref _idleLanes), detector.MaxBatch);
    }

    /// <summary><paramref name="waiting"/> frames divided among <paramref name="idleLanes"/>, rounded up, between 1
    /// and <paramref name="maxBatch"/>.</summary>
    internal static int ShareOf(int waiting, int idleLanes, int maxBatch)
    {
        int idle = Math.Max(1, idleLanes);
        return Math.Clamp((waiting + idle - 1) / idle, 1, maxBatch);
    }

    /// <summary>Every capture of a fixed set has ended, or the agent stops and nothing is left to process; then the
    /// other lanes, waiting on the signal, are woken to see it too.</summary>
    private bool AllDone(IReadOnlyList<ICameraLane> current, CancellationToken stopping)
    {
        bool done = (!cameras.Live && current.All(c => c.Frames.Completion.IsCompleted))
            || (stopping.IsCancellationRequested && current.All(c => c.Frames.Count == 0 && c.CaptureOver));
        if (done) signal.Release(detector.Workers);
        return done;
    }

    /// <summary>Post-processing in frame order without idle lanes (a reorder buffer): a finished batch is parked;
    /// whoever parks the batch that is next in order becomes the drainer and post-processes every consecutive parked
    /// batch, one drainer at a time, so tracking and events see every camera's frames in order. Before this, a worker
    /// that finished early waited for the other's batch — idle CPU the sum-of-stages limit counted on.</summary>
    private void Complete(InputBatch batch, ICameraLane[] owners, bool ran)
    {
        lock (_turn)
        {
            _finished.Add(batch.Sequence, (batch, owners, ran));
            if (_draining) return;
            _draining = true;
        }
        while (true)
        {
            (InputBatch Batch, ICameraLane[] Owners, bool Ran) next;
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
        foreach (var c in cameras.Current)
        {
            try { c.Close(); }
            catch (Exception e) { _errors.Error("end:" + c.Name, e, $"ending the tracks of camera {c.Name}"); }
        }
    }

    /// <summary>One camera's tracker, events, zones and observers for one frame: an exception there (a bug, a bad
    /// configuration that slipped through) is contained to that frame and camera, counted and shown in its status.</summary>
    private void PostProcess(ICameraLane camera, Frame frame, ReadOnlySpan<Vision.Decoding.Detection> detections)
    {
        try
        {
            camera.OnDetections(frame, detections);
        }
        catch (Exception e)
        {
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
        while (_free.Reader.TryRead(out var b)) b.Dispose();
    }
}
