using System.Diagnostics;
using System.Text.Json;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Vision.Decoding;

namespace RetinaNet.Edge.Pipeline;

/// <summary>Everything after inference for one camera: the camera's filters (labels, area), the tracker, the event
/// generator and the status. Called from the inference loop with each of the camera's frames.</summary>
internal sealed class CameraPipeline
{
    private readonly CameraOptions _camera;
    private readonly IEventSink _sink;
    private readonly ITracker _tracker;
    private readonly EventGenerator _events;
    private readonly bool[] _allowed;
    private readonly List<Detection> _filtered = [];
    private readonly string _provider;
    private long _lastFrame;
    private int _width, _height;

    private readonly IFrameObserver[] _observers;
    private readonly Zones.ZoneAnalyzer _zones;
    private readonly Web.SnapshotStore? _snapshots;
    private readonly bool _snapshotsToMqtt;
    private readonly Dictionary<int, float> _snapshotScore = [];

    public CameraPipeline(CameraOptions camera, CaptureWorker capture, IReadOnlyList<string> labels, TrackingOptions tracking, IEventSink sink, string provider,
        IEnumerable<IFrameObserver>? observers = null, Web.SnapshotStore? snapshots = null, bool snapshotsToMqtt = false, int firstTrackId = 1, ITrackerFactory? trackers = null)
    {
        _snapshots = snapshots;
        _snapshotsToMqtt = snapshotsToMqtt;
        _observers = observers?.ToArray() ?? [];
        _camera = camera;
        Capture = capture;
        _sink = sink;
        _provider = provider;
        _allowed = labels.Select(l => camera.Labels.Count == 0 || camera.Labels.Contains(l)).ToArray();
        var thresholds = labels.Select(l => camera.LabelThresholds.TryGetValue(l, out var t) ? t : camera.MinScore).ToArray();
        _tracker = (trackers ?? new ByteTrackerFactory()).Create(camera.Name, new TrackerOptions
        {
            HighScore = camera.MinScore, ClassHighScore = thresholds, LowScore = Math.Min(tracking.LowScore, thresholds.DefaultIfEmpty(1).Min()),
            MatchIou = tracking.MatchIou, ConfirmHits = tracking.ConfirmHits, MaxMisses = tracking.MaxMisses, FirstId = firstTrackId,
        });
        _events = new EventGenerator(camera.Name, labels, TimeSpan.FromSeconds(tracking.UpdateIntervalSeconds));
        _zones = new Zones.ZoneAnalyzer(camera.Name, camera.Zones, camera.Lines, labels);
        Capture.Status.Changed += _ => PublishStatus();
    }

    public CaptureWorker Capture { get; }
    public string Name => _camera.Name;
    public IReadOnlyList<Track> Tracks => _tracker.Tracks;

    public void OnDetections(Frame frame, ReadOnlySpan<Detection> detections)
    {
        frame.InferredTicks = Stopwatch.GetTimestamp();
        _filtered.Clear();
        foreach (var d in detections)
        {
            if (d.ClassId < 0 || d.ClassId >= _allowed.Length || !_allowed[d.ClassId]) continue;
            double area = d.Box.Area;
            if (area < _camera.MinArea || (_camera.MaxArea > 0 && area > _camera.MaxArea)) continue;
            _filtered.Add(d);
        }
        _width = frame.Image.Width;
        _height = frame.Image.Height;
        _lastFrame = frame.Index;
        var tracks = _tracker.Update(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_filtered), frame.CapturedAt);
        foreach (var o in _observers) o.OnFrame(frame, _width, _height, tracks);
        long captured = frame.CapturedTicks;
        _events.Process(tracks, _tracker.Ended, frame.Index, _width, _height, frame.CapturedAt, e => _sink.Publish(WithSnapshot(frame, e), captured), c => _sink.PublishCounts(_camera.Name, c));
        _zones.Process(tracks, _tracker.Ended, frame.Index, frame.CapturedAt, z => _sink.Publish(z), (path, v) => _sink.PublishValue(_camera.Name, path, v));
        Capture.Status.FrameProcessed();
        Capture.Status.LastLatencyMs = Stopwatch.GetElapsedTime(frame.CapturedTicks).TotalMilliseconds;
    }

    /// <summary>Events worth keeping get a snapshot: a new track, and an update whose score beats the last snapshot's
    /// by 0.05 or more (the best view so far).</summary>
    private Events.TrackEvent WithSnapshot(Frame frame, Events.TrackEvent e)
    {
        if (_snapshots is null) return e;
        if (e.Type == "end") { _snapshotScore.Remove(e.TrackId); return e; }
        bool worth = e.Type == "new" || (_snapshotScore.TryGetValue(e.TrackId, out var best) && e.Score >= best + 0.05f);
        if (!worth) return e;
        _snapshotScore[e.TrackId] = e.Score;
        try
        {
            var path = _snapshots.Save(frame, e, _snapshotsToMqtt ? _sink.PublishSnapshot : null);
            return e with { Snapshot = path };
        }
        catch (IOException) { return e; } // a full disk must not stop detection
    }

    /// <summary>Ends all published tracks (shutdown or end of a file).</summary>
    public void EndAll()
    {
        if (_width == 0) return;
        _events.EndAll(_tracker.Tracks, _lastFrame, _width, _height, e => _sink.Publish(e));
        _events.Process([], [], _lastFrame, _width, _height, DateTimeOffset.UtcNow, _ => { }, c => _sink.PublishCounts(_camera.Name, c));
    }

    private long _errors;

    /// <summary>Post-processing of a frame failed (counted; the last error shows in the camera status).</summary>
    public void PostProcessingFailed(Exception e)
    {
        Interlocked.Increment(ref _errors);
        _lastError = $"post-processing: {e.GetType().Name}: {e.Message}";
    }

    private volatile string? _lastError;
    public long Errors => Interlocked.Read(ref _errors);

    public void PublishStatus() => _sink.PublishStatus(Capture.Status.Name, StatusJson());

    public string StatusJson()
    {
        var s = Capture.Status;
        return JsonSerializer.Serialize(new
        {
            camera = s.Name,
            state = s.State.ToString().ToLowerInvariant(),
            width = s.Width,
            height = s.Height,
            framesIn = s.FramesIn,
            framesQueued = s.FramesQueued,
            framesProcessed = s.FramesProcessed,
            framesDropped = s.FramesDropped,
            reconnects = s.Reconnects,
            latencyMs = Math.Round(s.LastLatencyMs, 1),
            executionProvider = _provider,
            lastError = s.LastError ?? _lastError,
            errors = Errors,
            decoderErrors = s.DecoderErrors,
            time = DateTimeOffset.UtcNow,
        });
    }
}
