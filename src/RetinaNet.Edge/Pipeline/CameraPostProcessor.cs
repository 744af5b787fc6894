using System.Diagnostics;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Geometry;
using RetinaNet.Edge.Cameras;

namespace RetinaNet.Edge.Pipeline;

/// <summary>Everything after inference for one camera, on the inference thread, in frame order: its
/// <see cref="DetectionFilter"/>, the tracker, the frame observers, the event generator (events worth a snapshot go
/// through the <see cref="Snapshots.SnapshotPolicy"/>) and zones, and this camera's post-processing counters (its
/// status is projected by <see cref="CameraStatusProjection"/>). Slow side work (snapshot
/// JPEGs and files, live-view drawing) is only handed over here, to bounded queues of its owners. The camera
/// supervisor may change its settings (<see cref="Reconfigure"/>), swap its capture (<see cref="ReplaceCapture"/>) or
/// retire it while inference runs: one lock per camera orders those against the frame being post-processed
/// (uncontended, it costs a few nanoseconds a frame).</summary>
internal sealed class CameraPostProcessor : ICameraLane
{
    private readonly object _gate = new();
    private CameraOptions _camera;
    private readonly IReadOnlyList<string> _labels;
    private readonly TrackingOptions _tracking;
    private readonly ITrackerFactory _trackers;
    private readonly EventMetrics? _eventMetrics;
    private bool _retired;
    private readonly IEventHistory _history;
    private readonly IRetainedState _state;
    private readonly ITracker _tracker;
    private readonly EventGenerator _events;
    private Zones.ZoneAnalyzer _zones;
    private readonly DetectionFilter _filter;
    private readonly List<Detection> _filtered = [];
    private readonly IFrameObserver[] _observers;
    private readonly Snapshots.SnapshotPolicy _snapshots;
    private readonly PipelineMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ExecutionProvider _provider;
    private readonly Action<TrackEvent> _emitEvent;
    private readonly Action<IReadOnlyDictionary<string, int>> _emitCounts;
    private readonly Action<Zones.ZoneEvent> _emitZone;
    private readonly Action<string, string> _emitValue;
    private Frame? _current;
    private long _lastFrame, _processed, _errors, _latencyTicks;
    private bool _finished;
    private int _width, _height;
    private volatile string? _lastError;

    public CameraPostProcessor(CameraOptions camera, CaptureWorker capture, IReadOnlyList<string> labels, TrackingOptions tracking, PostProcessingSeams seams,
        ExecutionProvider provider, int firstTrackId)
    {
        _camera = camera;
        _history = seams.History;
        _state = seams.State;
        _metrics = seams.Metrics;
        _metrics.Add(this);
        _observers = [.. seams.Observers];
        _snapshots = new Snapshots.SnapshotPolicy(seams.Snapshots);
        _time = seams.Time ?? TimeProvider.System;
        _provider = provider;
        _labels = labels;
        _tracking = tracking;
        _trackers = seams.Trackers;
        _eventMetrics = seams.EventMetrics;
        _filter = new DetectionFilter(camera, labels);
        _tracker = seams.Trackers.Create(camera.Name, TrackerOptionsFor(camera, labels, tracking, firstTrackId));
        _events = new EventGenerator(camera.Name, labels, TimeSpan.FromSeconds(tracking.UpdateIntervalSeconds), metrics: seams.EventMetrics);
        _zones = new Zones.ZoneAnalyzer(camera.Name, camera.Zones, camera.Lines, labels, seams.EventMetrics);
        // Delegates made once: the per-frame path allocates none.
        _emitEvent = e => _history.Publish(_snapshots.Apply(e, _current), _current?.CapturedTicks ?? 0);
        _emitCounts = c => _state.PublishCounts(_camera.Name, c);
        _emitZone = z => _history.Publish(z);
        _emitValue = (path, v) => _state.PublishValue(_camera.Name, path, v);
        _capture = capture;
        capture.Status.Changed += OnStatusChanged;
    }

    /// <summary>ByteTrack's high band: a detection starts or confirms a track when it clears both the agent's
    /// tracking.highScore and the camera's minScore; a label threshold set in the camera file replaces both.</summary>
    private static TrackerOptions TrackerOptionsFor(CameraOptions camera, IReadOnlyList<string> labels, TrackingOptions tracking, int firstId)
    {
        float high = Math.Max(tracking.HighScore, camera.MinScore);
        var thresholds = labels.Select(l => camera.LabelThresholds.TryGetValue(l, out var t) ? t : high).ToArray();
        return new TrackerOptions
        {
            HighScore = high, ClassHighScore = thresholds, LowScore = Math.Min(tracking.LowScore, thresholds.DefaultIfEmpty(1).Min()),
            MatchIou = tracking.MatchIou, ConfirmHits = tracking.ConfirmHits, MaxMisses = tracking.MaxMisses, FirstId = firstId,
        };
    }

    private volatile CaptureWorker _capture;

    /// <summary>The camera's capture now (replaced when its source changes).</summary>
    public CaptureWorker Capture => _capture;
    public System.Threading.Channels.ChannelReader<Frame> Frames => _capture.Frames.Reader;
    public bool CaptureOver => _capture.Status.State is CameraState.Stopped or CameraState.Ended;

    public void Close()
    {
        EndAll();
        PublishStatus();
    }

    public CameraOptions Camera => _camera;
    public string Name => _camera.Name;
    public IReadOnlyList<Track> Tracks => _tracker.Tracks;
    public long FramesProcessed => Interlocked.Read(ref _processed);
    public long Errors => Interlocked.Read(ref _errors);

    public void OnDetections(Frame frame, ReadOnlySpan<Detection> detections)
    {
        lock (_gate)
        {
            if (_retired) return;
            Process(frame, detections);
            EndIfFinishedLocked();
        }
    }

    /// <summary>A camera whose source ended (a file without <c>loop</c>) ends its tracks once its last frame is
    /// through, instead of leaving them open until the camera is removed or the agent stops.</summary>
    private void EndIfFinishedLocked()
    {
        var s = _capture.Status;
        if (_retired || _finished || s.State != CameraState.Ended || FramesProcessed + s.FramesDropped < s.FramesQueued) return;
        _finished = true;
        EndAllLocked();
    }

    private void Process(Frame frame, ReadOnlySpan<Detection> detections)
    {
        frame.InferredTicks = Stopwatch.GetTimestamp();
        // Detections come in the (possibly scaled) image's pixels; from here on everything is in the camera's own.
        _filter.Apply(frame, detections, _filtered);
        _width = frame.SourceWidth > 0 ? frame.SourceWidth : frame.Image.Width;
        _height = frame.SourceHeight > 0 ? frame.SourceHeight : frame.Image.Height;
        _lastFrame = frame.Index;
        _current = frame;
        try
        {
            var tracks = _tracker.Update(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_filtered), frame.CapturedAt, new System.Drawing.SizeF(_width, _height));
            foreach (var o in _observers) o.OnFrame(frame, _width, _height, tracks);
            _events.Process(tracks, _tracker.Ended, frame.Index, _width, _height, frame.CapturedAt, _emitEvent, _emitCounts);
            _zones.Process(tracks, _tracker.Ended, frame.Index, frame.CapturedAt, _emitZone, _emitValue);
        }
        finally { _current = null; }
        long now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _processed);
        Interlocked.Exchange(ref _latencyTicks, now - frame.CapturedTicks);
        _metrics.FrameProcessed(_camera.Name, frame.CapturedTicks, frame.DequeuedTicks, frame.InferredTicks, now);
    }

    /// <summary>Ends all published tracks (shutdown or end of a file).</summary>
    public void EndAll()
    {
        lock (_gate) EndAllLocked();
    }

    private void EndAllLocked()
    {
        if (_width == 0) return;
        _events.EndAll(_tracker.Tracks, _lastFrame, _width, _height, e => _history.Publish(e));
        _events.Process([], [], _lastFrame, _width, _height, _time.GetUtcNow(), _ => { }, _emitCounts);
    }

    /// <summary>The camera's file changed but not its source: labels, thresholds, areas, zones and lines apply from
    /// the next frame; tracks and their ids go on (zones and lines start counting afresh).</summary>
    public void Reconfigure(CameraOptions camera)
    {
        lock (_gate) ApplySettings(camera);
    }

    private void ApplySettings(CameraOptions camera)
    {
        _filter.Reconfigure(camera);
        _tracker.Options = TrackerOptionsFor(camera, _labels, _tracking, 1);
        if (!CameraDiff.SameZones(_camera, camera)) _zones = new Zones.ZoneAnalyzer(camera.Name, camera.Zones, camera.Lines, _labels, _eventMetrics);
        _camera = camera;
    }

    /// <summary>The camera's source changed: the new capture takes over (the old one is stopped by the caller);
    /// tracks go on as after a reconnect.</summary>
    public void ReplaceCapture(CaptureWorker capture, CameraOptions camera)
    {
        lock (_gate)
        {
            _capture.Status.Changed -= OnStatusChanged;
            _capture = capture;
            _finished = false; // a new source: its tracks end when it ends
            capture.Status.Changed += OnStatusChanged;
            ApplySettings(camera);
        }
    }

    /// <summary>The camera was removed: its open tracks end now and any of its frames still in a batch is ignored.</summary>
    public void Retire()
    {
        lock (_gate)
        {
            if (_retired) return;
            _capture.Status.Changed -= OnStatusChanged;
            EndAllLocked();
            _retired = true;
            _metrics.Remove(this);
            _trackers.Release(_camera.Name, _tracker);
        }
    }

    private void OnStatusChanged(CameraStatus s)
    {
        PublishStatus();
        if (s.State == CameraState.Ended) lock (_gate) EndIfFinishedLocked();
    }

    /// <summary>Post-processing of a frame failed (counted; the last error shows in the camera status).</summary>
    public void PostProcessingFailed(Exception e)
    {
        Interlocked.Increment(ref _errors);
        _lastError = $"post-processing: {e.GetType().Name}: {e.Message}";
    }

    public void PublishStatus()
    {
        if (!_retired) _state.PublishStatus(Snapshot());
    }

    /// <summary>Why the camera's latest file is not applied (it keeps running as it was), or null.</summary>
    public string? ConfigError { get; set; }

    public CameraSnapshot Snapshot() => CameraStatusProjection.Of(Capture.Status,
        new(FramesProcessed, Errors, Interlocked.Read(ref _latencyTicks), _lastError), _provider.Name(), ConfigError, _time.GetUtcNow());
}

/// <summary>What a camera's post-processing hands its results to (one set for every camera).</summary>
internal sealed record PostProcessingSeams(IEventHistory History, IRetainedState State, ITrackerFactory Trackers, PipelineMetrics Metrics,
    IEnumerable<IFrameObserver> Observers, EventMetrics? EventMetrics = null, Snapshots.ISnapshotQueue? Snapshots = null, TimeProvider? Time = null);
