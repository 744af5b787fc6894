using System.Buffers;
using System.Collections.Concurrent;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.LiveView;
using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Zones;

namespace RetinaNet.Edge.Recording;

/// <summary>Decides what is recorded: sees each camera's remuxed fragments (into its <see cref="CameraRecording"/>
/// ring), each processed frame (its time and boxes), and every event on its way to the history — a qualifying track's
/// <c>new</c> (or, with <see cref="RecordingOptions.Zones"/>, its entry into one of them) starts or joins the camera's
/// clip, its <c>end</c> lets the clip end after the post-roll — and stamps the clip's id on the track's events. The
/// files are written by <see cref="ClipWriter"/>; nothing here touches the disk.</summary>
internal sealed class ClipRecorder(IEventHistory inner, Microsoft.Extensions.Options.IOptionsMonitor<RecordingOptions> options, ClipWriter writer,
    Inference.IDetector detector, TimeProvider time, ILogger<ClipRecorder> logger) : IEventHistory, IVideoFragmentObserver, Pipeline.IFrameObserver, Cameras.ICameraAnnouncer
{
    /// <summary>The options as they are now (labels, zones, pre, post and length apply while the agent runs).</summary>
    private RecordingOptions _o => options.CurrentValue;
    private readonly ConcurrentDictionary<string, CameraRecording> _cameras = new(StringComparer.Ordinal);
    /// <summary>Per thread: cameras' frames are processed on several lanes at once.</summary>
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_boxes;

    public bool Active => _o.Enabled;

    private CameraRecording For(string camera) => _cameras.GetOrAdd(camera, c => new CameraRecording(c, () => options.CurrentValue, writer.Queue, time));

    public void OnSegment(string camera, Fmp4Segment segment, (string Codec, int Width, int Height) track)
    {
        if (_o.Enabled) For(camera).OnSegment(segment, track);
    }

    /// <summary>Said once per camera and reason: recording is on, but this camera's video cannot be kept.</summary>
    public void OnUnavailable(string camera, string reason)
    {
        if (_o.Enabled && _unavailable.TryAdd((camera, reason), 0)) Log.NoClips(logger, camera, reason);
    }

    private readonly ConcurrentDictionary<(string, string), byte> _unavailable = new();

    public void OnStreamEnded(string camera)
    {
        if (_cameras.TryGetValue(camera, out var r)) r.OnStreamEnded();
    }

    public void OnFrame(Frame frame, int width, int height, IReadOnlyList<Track> tracks)
    {
        if (!_o.Enabled || !_cameras.TryGetValue(frame.Camera, out var r)) return;
        r.OnFrame(frame.Pts, frame.CapturedAt, (this, frame, width, height, tracks), static s => s.Item1.BoxesLine(s.frame, s.width, s.height, s.tracks));
    }

    /// <summary>The frame's boxes as one JSON line, in a buffer rented from the shared pool (the writer returns it).</summary>
    private (byte[] Buffer, int Length) BoxesLine(Frame frame, int width, int height, IReadOnlyList<Track> tracks)
    {
        var boxes = t_boxes ??= new ArrayBufferWriter<byte>(4096);
        boxes.ResetWrittenCount();
        BoxesJson.Write(boxes, frame, width, height, tracks, detector.Model.Labels);
        boxes.Write("\n"u8);
        var line = boxes.WrittenSpan;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(line.Length);
        line.CopyTo(buffer);
        return (buffer, line.Length);
    }

    public PublishedEvent Publish(TrackEvent e, long capturedTicks = 0)
    {
        if (!_o.Enabled || !_cameras.TryGetValue(e.Camera, out var r)) return inner.Publish(e, capturedTicks);
        Guid? clip = e.Type switch
        {
            TrackEventType.New when _o.Zones.Count == 0 && Wanted(e.Label) => r.Start(e.TrackId, e.Label, null),
            _ => r.ClipOf(e.TrackId),
        };
        if (e.Type == TrackEventType.End) r.End(e.TrackId);
        return inner.Publish(clip is null ? e : e with { Clip = clip }, capturedTicks);
    }

    public PublishedEvent Publish(ZoneEvent e)
    {
        if (_o.Enabled && e.Type == ZoneEventType.Entered && e.Zone is { } zone && _o.Zones.Contains(zone) && Wanted(e.Label)
            && _cameras.TryGetValue(e.Camera, out var r))
            r.Start(e.TrackId, e.Label, zone);
        return inner.Publish(e);
    }

    private bool Wanted(string label) => _o.Labels.Count == 0 || _o.Labels.Contains(label);

    /// <summary>The agent stops: every open clip ends now (its file complete, indexed and announced).</summary>
    public void StopAll()
    {
        foreach (var r in _cameras.Values) r.Stop();
    }

    public void Started(Configuration.CameraOptions camera, IReadOnlyList<string> modelLabels) { }

    /// <summary>The camera was removed: its open clip ends.</summary>
    public void Removed(Configuration.CameraOptions camera, IReadOnlyList<string> modelLabels)
    {
        if (_cameras.TryRemove(camera.Name, out var r)) r.Stop();
    }
}
