using RetinaNet.Edge.LiveView;

namespace RetinaNet.Edge.Recording;

/// <summary>One camera's recording: a RAM ring of its recent fMP4 fragments (whole GOPs, enough to start a clip at the
/// keyframe at or before t − pre) and at most one open clip, which every qualifying track joins while it is open.
/// Fragments arrive on the camera's live-output thread, track starts and ends and frames on the inference thread;
/// both only take a lock, copy references and queue work for the writer (no I/O here). The options are read as they
/// are now (pre, post and length apply while the agent runs).</summary>
internal sealed class CameraRecording(string camera, Func<RecordingOptions> options, Action<ClipWork> queue, TimeProvider time)
{
    /// <summary>Seconds kept beyond <see cref="RecordingOptions.PreSeconds"/>: inference lags the remuxed stream.</summary>
    private const double Margin = 4;
    private const long MaxRingBytes = 96L << 20;

    private readonly Lock _gate = new();
    private readonly List<Fmp4Segment> _ring = [];
    private long _ringBytes;
    private byte[]? _init;
    private (string Codec, int Width, int Height) _track;
    private ClipInfo? _open;
    private double _lastWrittenPts = double.NaN, _endPts = double.NaN, _framePts = double.NaN, _tracksEndedPts = double.NaN;
    /// <summary>The qualifying tracks alive now, and every track (with its label) and zone of the open clip.</summary>
    private readonly Dictionary<int, string> _active = [], _clipTracks = [];
    private readonly HashSet<string> _clipZones = new(StringComparer.Ordinal);
    private bool _continue;
    /// <summary>Wall clock at presentation time 0, from the latest frame (maps the video's clock to UTC).</summary>
    private DateTimeOffset? _wallBase;

    public string Camera => camera;

    /// <summary>The open clip's id, if any.</summary>
    public Guid? OpenClip { get { lock (_gate) return _open?.Id; } }

    public void OnSegment(Fmp4Segment segment, (string Codec, int Width, int Height) track)
    {
        lock (_gate)
        {
            if (segment.IsInit)
            {
                if (_open is not null) { Close("stream"); _continue = _active.Count > 0; }
                _init = segment.Bytes;
                _track = track;
                _ring.Clear();
                _ringBytes = 0;
                return;
            }
            if (_init is null) return;
            Keep(segment);
            if (_open is { } clip)
            {
                if (segment.IsKey && segment.Pts - clip.StartPts >= options().MaxClipSeconds && (double.IsNaN(_endPts) || segment.Pts < _endPts))
                {
                    // The next file continues while a track is on, the post-roll is not over, or recording is continuous.
                    var (end, ended) = (_endPts, _tracksEndedPts);
                    bool more = _active.Count > 0 || !double.IsNaN(end) || options().Continuous;
                    Close("length");
                    if (!more) return;
                    Begin(_ring.Count - 1, segment.Pts);
                    (_endPts, _tracksEndedPts) = (end, ended);
                    return;
                }
                Append(segment);
                if (!double.IsNaN(_endPts) && segment.Pts >= _endPts) Close("tracks");
            }
            else if ((_continue || options().Continuous) && segment.IsKey)
            {
                _continue = false;
                Begin(_ring.Count - 1, segment.Pts);
            }
        }
    }

    /// <summary>The camera's stream ended: the open clip ends with what was written (a playable file).</summary>
    public void OnStreamEnded()
    {
        lock (_gate)
        {
            if (_open is not null) { Close("stream"); _continue = _active.Count > 0; }
            _init = null;
            _ring.Clear();
            _ringBytes = 0;
        }
    }

    /// <summary>A processed frame (before its events): its time, and — only while a clip is open — its line of boxes for
    /// the clip's sidecar, made by <paramref name="boxes"/> from <paramref name="state"/> into a pooled buffer (no
    /// closure, no array per frame).</summary>
    public void OnFrame<TState>(double pts, DateTimeOffset capturedAt, TState state, Func<TState, (byte[] Buffer, int Length)> boxes)
    {
        if (double.IsNaN(pts)) return;
        lock (_gate)
        {
            _framePts = pts;
            _wallBase = capturedAt - TimeSpan.FromSeconds(pts);
            if (_open is not { } clip) return;
            var (buffer, length) = boxes(state);
            queue(new ClipWork(ClipWorkKind.Boxes, clip, buffer, Pts: pts, Length: length, Pooled: true));
        }
    }

    /// <summary>A qualifying track started (or entered a recorded zone): it joins the open clip, or a clip begins at the
    /// keyframe at or before now − pre. Returns the clip's id (null: no video yet).</summary>
    public Guid? Start(int trackId, string label, string? zone)
    {
        lock (_gate)
        {
            _active[trackId] = label;
            _clipTracks[trackId] = label;
            if (zone is not null) _clipZones.Add(zone);
            _endPts = _tracksEndedPts = double.NaN;
            if (_open is { } open) return open.Id;
            if (_init is null || _ring.Count == 0 || double.IsNaN(_framePts)) { _continue = true; return null; }
            double requested = _framePts - options().PreSeconds;
            int from = 0;
            for (int i = 0; i < _ring.Count; i++)
                if (_ring[i].IsKey && _ring[i].Pts <= requested + 1e-6) from = i;
            Begin(from, requested);
            return _open!.Id;
        }
    }

    /// <summary>The open clip the track is part of, if any.</summary>
    public Guid? ClipOf(int trackId)
    {
        lock (_gate) return _open is { } open && _clipTracks.ContainsKey(trackId) ? open.Id : null;
    }

    /// <summary>A track of the clip ended: when it was the last, the clip ends <see cref="RecordingOptions.PostSeconds"/> later.</summary>
    public void End(int trackId)
    {
        lock (_gate)
        {
            if (!_active.Remove(trackId) || _active.Count > 0) return;
            _continue = false;
            if (_open is null || options().Continuous) return; // continuous files end by length only
            _tracksEndedPts = double.IsNaN(_framePts) ? _lastWrittenPts : _framePts;
            _endPts = _tracksEndedPts + options().PostSeconds;
        }
    }

    /// <summary>The agent stops or the camera is removed: the open clip ends now.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_open is not null) Close("stopping");
            _continue = false;
        }
    }

    private void Keep(Fmp4Segment segment)
    {
        _ring.Add(segment);
        _ringBytes += segment.Bytes.Length;
        // Whole GOPs leave the ring once the next keyframe is old enough to start any clip asked for now.
        double keepFrom = segment.Pts - options().PreSeconds - Margin;
        while (true)
        {
            int next = _ring.FindIndex(1, s => s.IsKey);
            if (next < 0 || (_ring[next].Pts > keepFrom && _ringBytes <= MaxRingBytes)) break;
            for (int i = 0; i < next; i++) _ringBytes -= _ring[i].Bytes.Length;
            _ring.RemoveRange(0, next);
        }
    }

    private void Begin(int from, double requested)
    {
        if (_init is null) return;
        var first = _ring[from];
        var id = Guid.CreateVersion7(time.GetUtcNow());
        var start = ToWall(first.Pts);
        _open = new ClipInfo
        {
            Id = id, Camera = camera, File = $"{start.UtcDateTime:yyyyMMdd-HHmmss}-{id.ToString("N")[^8..]}.mp4", Codec = _track.Codec,
            Width = _track.Width, Height = _track.Height, Start = start, StartPts = first.Pts, RequestedPts = requested,
        };
        var fragments = new byte[_ring.Count - from][];
        for (int i = from; i < _ring.Count; i++) fragments[i - from] = _ring[i].Bytes;
        _lastWrittenPts = _ring[^1].Pts;
        queue(new ClipWork(ClipWorkKind.Open, _open, _init, fragments, first.Pts));
    }

    private void Append(Fmp4Segment segment)
    {
        _lastWrittenPts = segment.Pts;
        queue(new ClipWork(ClipWorkKind.Append, _open!, segment.Bytes, Pts: segment.Pts));
    }

    private void Close(string reason)
    {
        var clip = _open!;
        _open = null;
        double? tracksEnded = reason == "tracks" ? _tracksEndedPts : null;
        _endPts = _tracksEndedPts = double.NaN;
        queue(new ClipWork(ClipWorkKind.Close, clip with
        {
            End = ToWall(_lastWrittenPts), EndPts = _lastWrittenPts, EndReason = reason, TracksEndedPts = tracksEnded,
            TrackIds = [.. _clipTracks.Keys.Order()], Labels = [.. _clipTracks.Values.Distinct().Order(StringComparer.Ordinal)],
            Zones = [.. _clipZones.Order(StringComparer.Ordinal)],
        }));
        // A continuation (next file, or after the stream restarted) carries the tracks still alive.
        _clipTracks.Clear();
        foreach (var (id, label) in _active) _clipTracks[id] = label;
        _clipZones.Clear();
    }

    private DateTimeOffset ToWall(double pts) =>
        _wallBase is { } wall && !double.IsNaN(pts) ? wall + TimeSpan.FromSeconds(pts) : time.GetUtcNow();
}
