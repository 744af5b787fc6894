using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Pipeline;

namespace RetinaNet.Edge.Cameras;

/// <summary>Owns the running cameras: each one's capture worker and post-processor. Starts them, applies a changed
/// camera file (settings on the next frame; a new capture only when the source changed, tracks going on), stops a
/// removed camera (its tracks end, its retained topics are cleared) — without touching the other cameras. Inference
/// reads <see cref="Current"/>; publishing hears of starts and removals through <see cref="ICameraAnnouncer"/>.</summary>
internal sealed class CameraSupervisor(CameraCatalog catalog, ICaptureFactory captures, IDetector detector, LoadedCameras loaded, AgentPaths paths,
    Microsoft.Extensions.Options.IOptions<Tracking.TrackingOptions> tracking, PostProcessingSeams seams,
    Tracking.ITrackIdSeed trackIds, FrameSignal signal, IEnumerable<ICameraAnnouncer> announcers, IHostApplicationLifetime lifetime,
    ILogger<CameraSupervisor> logger) : IHostedService, ICameraSet, ICameraStatusSource
{
    private sealed record Running(CameraPostProcessor Camera, CancellationTokenSource Stop);

    private readonly object _apply = new();
    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly ICameraAnnouncer[] _announcers = [.. announcers];
    private volatile CameraPostProcessor[] _current = [];
    private bool _stopping;

    public IReadOnlyList<CameraPostProcessor> Current => _current;

    IReadOnlyList<ICameraLane> ICameraSet.Current => _current;

    public bool Live => loaded.Watch;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_apply)
        {
            foreach (var cam in catalog.Cameras.Where(c => c.Enabled)) Start(cam);
            if (_running.Count == 0 && Live) Log.NoCameras(logger, catalog.Folder);
        }
        catalog.Changed += Apply;
        return Task.CompletedTask;
    }

    /// <summary>Applies one reload of the camera files (called by the catalog, one reload at a time).</summary>
    public void Apply(CatalogChange change)
    {
        lock (_apply)
        {
            if (_stopping) return;
            foreach (var cam in change.Stopped) Remove(cam.Name);
            foreach (var cam in change.Started) Start(cam);
            foreach (var (old, cam) in change.Changed) Change(old, cam);
            var problems = catalog.Problems;
            foreach (var (name, problem) in change.NewProblems)
                Log.Rejected(logger, problem, name, _running.ContainsKey(name) ? "keeps running as it was" : "is not started");
            foreach (var name in change.ProblemsCleared) Log.Fixed(logger, name);
            foreach (var (name, r) in _running) r.Camera.ConfigError = problems.GetValueOrDefault(name);
            foreach (var r in _running.Values) r.Camera.PublishStatus();
        }
    }

#pragma warning disable CA2000 // each token source is kept in _running and disposed by StopCapture
    private void Start(CameraOptions cam)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        var capture = captures.Create(cam, paths.BaseDirectory, signal.Release, (detector.Model.InputWidth, detector.Model.InputHeight));
        var camera = new CameraPostProcessor(cam, capture, detector.Model.Labels, tracking.Value, seams, detector.ExecutionProvider, trackIds.NextTrackId(cam.Name));
        _running[cam.Name] = new Running(camera, stop);
        _current = [.. _current, camera];
        foreach (var a in _announcers) a.Started(cam, detector.Model.Labels);
        camera.PublishStatus();
        capture.Start(stop.Token);
        if (Live) Log.Added(logger, cam.Name, cam.SourceFile);
    }

    private void Remove(string name)
    {
        if (!_running.Remove(name, out var r)) return;
        _current = [.. _current.Where(c => c != r.Camera)];
        StopCapture(r.Camera.Capture, r.Stop);
        r.Camera.Retire();
        foreach (var a in _announcers) a.Removed(r.Camera.Camera, detector.Model.Labels);
        Log.Removed(logger, name);
    }

    private void Change(CameraOptions old, CameraOptions cam)
    {
        if (!_running.TryGetValue(cam.Name, out var r)) return;
        var keys = string.Join(", ", CameraDiff.ChangedKeys(old, cam));
        if (CameraDiff.SameSource(old, cam))
        {
            r.Camera.Reconfigure(cam);
            Log.Reconfigured(logger, cam.Name, keys);
            return;
        }
        Log.Reconnecting(logger, cam.Name, keys);
        var previous = r.Camera.Capture;
        StopCapture(previous, r.Stop);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        var capture = captures.Create(cam, paths.BaseDirectory, signal.Release, (detector.Model.InputWidth, detector.Model.InputHeight));
        r.Camera.ReplaceCapture(capture, cam);
        _running[cam.Name] = r with { Stop = stop };
        capture.Start(stop.Token);
    }
#pragma warning restore CA2000

    /// <summary>Stops a capture (its decoder child is killed), releases the frames it still queued and frees it once
    /// frames already taken by inference are back.</summary>
    private void StopCapture(CaptureWorker capture, CancellationTokenSource stop)
    {
        stop.Cancel();
        if (!capture.Join(TimeSpan.FromSeconds(3)))
        {
            Log.CaptureHung(logger, capture.Camera.Name);
            return;
        }
        while (capture.Frames.Reader.TryRead(out var frame)) frame.Release();
        capture.Dispose();
        stop.Dispose();
    }

    public IReadOnlyList<CameraSnapshot> Snapshot()
    {
        var running = _current.Select(c => c.Snapshot()).ToList();
        foreach (var (name, problem) in catalog.Problems)
            if (!running.Any(c => c.Camera == name))
                running.Add(new CameraSnapshot { Camera = name, State = CameraState.ConfigError, ConfigError = problem, LastError = problem, Time = DateTimeOffset.UtcNow });
        return running;
    }

    /// <summary>Capture threads stop with the application (their tokens are linked to ApplicationStopping, before any
    /// service stops); inference, stopped before this, has drained their frames. Here they are joined and freed.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        catalog.Changed -= Apply;
        lock (_apply)
        {
            if (_stopping) return Task.CompletedTask;
            _stopping = true;
            foreach (var r in _running.Values) StopCapture(r.Camera.Capture, r.Stop);
        }
        return Task.CompletedTask;
    }
}
