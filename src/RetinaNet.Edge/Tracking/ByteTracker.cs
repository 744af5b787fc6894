using System.Drawing;
using RetinaNet.Edge.Vision.Assignment;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Tracking;

/// <summary>ByteTrack (Zhang et al. 2022): Kalman-predicted tracks matched to high-score detections by optimal
/// IoU assignment, then the remaining tracks to low-score detections, then tentative tracks; new tracks from
/// unmatched high-score detections; confirmed after N hits, ended after M consecutive misses (sooner once it has left
/// the picture). Classes mix only in the recovery pass, at a cost.</summary>
internal sealed class ByteTracker(TrackerOptions options, Action? trackStarted = null) : ITracker
{
    public TrackerOptions Options { get => options; set => options = value; }

    private readonly List<Track> _tracks = [];
    private readonly List<Track> _ended = [];
    private int _nextId = Math.Max(1, options.FirstId);

    public IReadOnlyList<Track> Ended => _ended;
    public IReadOnlyList<Track> Tracks => _tracks;

    // Work lists and buffers reused every frame: the update allocates nothing once sizes have peaked.
    private readonly List<Detection> _high = [], _low = [], _leftHigh = [], _scratch = [];
    private readonly List<Track> _active = [], _tentative = [], _remaining = [];
    private readonly LinearAssignment _solver = new();
    private double[] _cost = [];
    private int[] _assignment = [];
    private bool[] _used = [];

    public IReadOnlyList<Track> Update(ReadOnlySpan<Detection> detections, DateTimeOffset time, SizeF frame = default)
    {
        _ended.Clear();
        _high.Clear(); _low.Clear(); _active.Clear(); _tentative.Clear(); _remaining.Clear();
        foreach (var t in _tracks)
        {
            t.Filter.Predict();
            t.JustConfirmed = false;
            t.Matched = false;
            if (t.State is TrackState.Confirmed or TrackState.Lost) _active.Add(t);
            else if (t.State == TrackState.Tentative) _tentative.Add(t);
        }
        foreach (var d in detections)
        {
            if (d.Score >= options.HighScoreFor(d.ClassId)) _high.Add(d);
            else if (d.Score >= options.LowScore) _low.Add(d);
        }

        // 1st pass: confirmed and lost tracks ↔ high-score detections.
        Associate(_active, _high, options.MatchIou, time, _leftHigh, fuseScore: options.FuseScore);
        // 2nd pass: tracks still unmatched (not lost) ↔ low-score detections.
        foreach (var t in _active) if (!t.Matched && t.State == TrackState.Confirmed) _remaining.Add(t);
        Associate(_remaining, _low, options.LowMatchIou, time, null);
        // 3rd pass: tentative tracks ↔ remaining high-score detections.
        _high.Clear();
        _high.AddRange(_leftHigh);
        Associate(_tentative, _high, options.MatchIou, time, _leftHigh);
        // 4th pass (recovery): tracks lost behind an occluder or while entering the frame, whose constant-velocity
        // prediction drifted too far for an IoU match, ↔ high-score detections of their class near the prediction
        // (centre distance under the recovery radius, similar size) — before a new identity is created.
        _remaining.Clear();
        foreach (var t in _active) if (!t.Matched && t.State == TrackState.Lost) _remaining.Add(t);
        if (options.RecoveryDistance > 0 && _remaining.Count > 0 && _leftHigh.Count > 0)
        {
            _high.Clear();
            _high.AddRange(_leftHigh);
            Associate(_remaining, _high, 0, time, _leftHigh, byDistance: true);
        }
        var leftHigh = _leftHigh;

        foreach (var t in _tracks)
        {
            if (t.Matched) continue;
            t.Misses++;
            if (t.State == TrackState.Tentative) t.State = TrackState.Ended; // a tentative track must match every frame
            else if (t.Misses > (HasLeft(t, frame) ? options.ExitMisses : options.MaxMisses)) t.State = TrackState.Ended;
            else t.State = TrackState.Lost;
        }
        foreach (var d in leftHigh)
        {
            var t = new Track(_nextId++, d.ClassId, new KalmanBoxFilter(d.Box), d.Score, time);
            trackStarted?.Invoke();
            if (options.ConfirmHits <= 1) { t.State = TrackState.Confirmed; t.JustConfirmed = true; }
            _tracks.Add(t);
        }

        RemoveDuplicates();
        for (int i = _tracks.Count - 1; i >= 0; i--)
        {
            if (_tracks[i].State != TrackState.Ended) continue;
            if (_tracks[i].Hits >= options.ConfirmHits) _ended.Add(_tracks[i]);
            _tracks.RemoveAt(i);
        }
        return _tracks;
    }

    /// <summary>Two live tracks of one class on the same object (typically an old track that was lost behind an
    /// occluder and a new one started when the object re-emerged): the younger one ends, as in ByteTrack.</summary>
    private void RemoveDuplicates()
    {
        for (int i = 0; i < _tracks.Count; i++)
        {
            var a = _tracks[i];
            if (a.State == TrackState.Ended) continue;
            for (int j = i + 1; j < _tracks.Count; j++)
            {
                var b = _tracks[j];
                if (b.State == TrackState.Ended || a.ClassId != b.ClassId) continue;
                if ((a.Misses > 0) == (b.Misses > 0)) continue; // one lost, one seen now: objects in view never merge
                if (BoxF.IoU(a.Filter.Box, b.Filter.Box) < options.DuplicateIou) continue;
                var (older, younger) = a.FirstSeen <= b.FirstSeen && a.Id < b.Id ? (a, b) : (b, a);
                if (younger.Misses == 0 && older.Misses > 0)
                {
                    // The older track takes over the younger one's fresh measurement.
                    older.Filter.Update(younger.Box);
                    older.Box = younger.Box;
                    older.Score = younger.Score;
                    older.BestScore = Math.Max(older.BestScore, younger.BestScore);
                    older.LastSeen = younger.LastSeen;
                    older.Misses = 0;
                    older.Hits++;
                    if (older.State == TrackState.Lost) older.State = TrackState.Confirmed;
                }
                younger.State = TrackState.Ended;
                if (younger == a) break;
            }
        }
    }

    /// <summary>The track's last box touched an edge of the frame and it was moving out through that edge: once missed it
    /// has most likely left, and an object entering there soon after is another one.</summary>
    private static bool HasLeft(Track t, SizeF frame)
    {
        if (frame.IsEmpty) return false;
        float margin = Math.Max(2f, 0.01f * Math.Max(frame.Width, frame.Height));
        var (vx, vy) = t.Filter.Velocity;
        var b = t.Box;
        return (b.X1 <= margin && vx < 0) || (b.X2 >= frame.Width - margin && vx > 0)
            || (b.Y1 <= margin && vy < 0) || (b.Y2 >= frame.Height - margin && vy > 0);
    }

    /// <summary>Optimal IoU assignment of <paramref name="tracks"/> to <paramref name="dets"/> (same class only);
    /// updates matched tracks and puts the unmatched detections into <paramref name="unmatched"/>. With
    /// <paramref name="fuseScore"/> the cost is 1 − IoU × score (ByteTrack's fuse_score): of two overlapping candidates
    /// the surer detection wins. The recovery pass (<paramref name="byDistance"/>) may cross classes at a cost.</summary>
    private void Associate(List<Track> tracks, List<Detection> dets, float minIou, DateTimeOffset time, List<Detection>? unmatched, bool byDistance = false, bool fuseScore = false)
    {
        _scratch.Clear();
        if (tracks.Count == 0 || dets.Count == 0)
        {
            _scratch.AddRange(dets);
        }
        else
        {
            int rows = tracks.Count, cols = dets.Count;
            if (_cost.Length < rows * cols) _cost = new double[Math.Max(rows * cols, _cost.Length * 2)];
            if (_assignment.Length < rows) _assignment = new int[Math.Max(rows, _assignment.Length * 2)];
            if (_used.Length < cols) _used = new bool[Math.Max(cols, _used.Length * 2)];
            for (int i = 0; i < rows; i++)
            {
                var predicted = tracks[i].Filter.Box;
                for (int j = 0; j < cols; j++)
                    _cost[i * cols + j] = byDistance ? RecoveryCost(tracks[i], predicted, dets[j], options.RecoveryClassCost)
                        : tracks[i].ClassId != dets[j].ClassId ? 1e9
                        : 1 - BoxF.IoU(predicted, dets[j].Box) * (fuseScore ? dets[j].Score : 1);
            }
            _solver.Solve(_cost.AsSpan(0, rows * cols), rows, cols, byDistance ? options.RecoveryDistance : 1 - minIou, _assignment);
            Array.Clear(_used, 0, cols);
            for (int i = 0; i < rows; i++)
            {
                int j = _assignment[i];
                if (j < 0) continue;
                _used[j] = true;
                Apply(tracks[i], dets[j], time);
            }
            for (int j = 0; j < cols; j++) if (!_used[j]) _scratch.Add(dets[j]);
        }
        if (unmatched is null) return;
        unmatched.Clear();
        unmatched.AddRange(_scratch);
    }

    /// <summary>Distance between the centres of the predicted and the detected box (or of the last seen box, whichever is
    /// closer) in units of the detection's diagonal, plus <paramref name="classCost"/> when the classes differ (a detector
    /// often names a mostly hidden object wrongly; a negative cost keeps classes apart); impossible (1e9) when the
    /// sizes differ by more than 2×.</summary>
    private static double RecoveryCost(Track t, BoxF predicted, Detection d, float classCost)
    {
        if (t.ClassId != d.ClassId && classCost < 0) return 1e9;
        var det = d.Box;
        double diag = Math.Sqrt(det.Width * det.Width + det.Height * det.Height) + 1e-6;
        double areaRatio = (det.Area + 1) / (t.Box.Area + 1);
        if (areaRatio is > 4 or < 0.25) return 1e9;
        static double Dist(BoxF a, BoxF b) => Math.Sqrt(Math.Pow(a.CenterX - b.CenterX, 2) + Math.Pow(a.CenterY - b.CenterY, 2));
        return Math.Min(Dist(predicted, det), Dist(t.Box, det)) / diag + (t.ClassId != d.ClassId ? classCost : 0);
    }

    private void Apply(Track t, Detection d, DateTimeOffset time)
    {
        t.Filter.Update(d.Box);
        t.Box = d.Box;
        t.Score = d.Score;
        t.BestScore = Math.Max(t.BestScore, d.Score);
        t.LastSeen = time;
        t.Hits++;
        t.Misses = 0;
        t.Matched = true;
        if (t.State == TrackState.Tentative && t.Hits >= options.ConfirmHits) { t.JustConfirmed = true; t.State = TrackState.Confirmed; }
        else if (t.State == TrackState.Lost) t.State = TrackState.Confirmed;
    }
}
