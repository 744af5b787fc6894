using RetinaNet.Edge.Vision.Assignment;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Tracking;

/// <summary>ByteTrack (Zhang et al. 2022): Kalman-predicted tracks matched to high-score detections by optimal
/// IoU assignment, then the remaining tracks to low-score detections, then tentative tracks; new tracks from
/// unmatched high-score detections; confirmed after N hits, ended after M consecutive misses. Classes never mix.</summary>
internal sealed class ByteTracker(TrackerOptions options) : ITracker
{
    private readonly List<Track> _tracks = [];
    private readonly List<Track> _ended = [];
    private int _nextId = 1;

    public IReadOnlyList<Track> Ended => _ended;
    public IReadOnlyList<Track> Tracks => _tracks;

    public IReadOnlyList<Track> Update(ReadOnlySpan<Detection> detections, DateTimeOffset time)
    {
        _ended.Clear();
        foreach (var t in _tracks) { t.Filter.Predict(); t.JustConfirmed = false; }

        var high = new List<Detection>();
        var low = new List<Detection>();
        foreach (var d in detections)
        {
            if (d.Score >= options.HighScoreFor(d.ClassId)) high.Add(d);
            else if (d.Score >= options.LowScore) low.Add(d);
        }

        var active = _tracks.Where(t => t.State is TrackState.Confirmed or TrackState.Lost).ToList();
        var tentative = _tracks.Where(t => t.State == TrackState.Tentative).ToList();
        var matched = new HashSet<Track>();

        // 1st pass: confirmed and lost tracks ↔ high-score detections.
        var leftHigh = Associate(active, high, options.MatchIou, matched, time);
        // 2nd pass: tracks still unmatched (not lost) ↔ low-score detections.
        var remaining = active.Where(t => !matched.Contains(t) && t.State == TrackState.Confirmed).ToList();
        Associate(remaining, low, options.LowMatchIou, matched, time);
        // 3rd pass: tentative tracks ↔ remaining high-score detections.
        leftHigh = Associate(tentative, leftHigh, options.MatchIou, matched, time);

        foreach (var t in _tracks)
        {
            if (matched.Contains(t)) continue;
            t.Misses++;
            if (t.State == TrackState.Tentative) t.State = TrackState.Ended; // a tentative track must match every frame
            else if (t.Misses > options.MaxMisses) t.State = TrackState.Ended;
            else t.State = TrackState.Lost;
        }
        foreach (var d in leftHigh)
        {
            var t = new Track(_nextId++, d.ClassId, new KalmanBoxFilter(d.Box), d.Score, time);
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

    /// <summary>Optimal IoU assignment of <paramref name="tracks"/> to <paramref name="dets"/> (same class only);
    /// updates matched tracks and returns the unmatched detections.</summary>
    private List<Detection> Associate(List<Track> tracks, List<Detection> dets, float minIou, HashSet<Track> matched, DateTimeOffset time)
    {
        if (tracks.Count == 0 || dets.Count == 0) return dets;
        var cost = new double[tracks.Count, dets.Count];
        for (int i = 0; i < tracks.Count; i++)
        {
            var predicted = tracks[i].Filter.Box;
            for (int j = 0; j < dets.Count; j++)
                cost[i, j] = tracks[i].ClassId == dets[j].ClassId ? 1 - BoxF.IoU(predicted, dets[j].Box) : 2;
        }
        var assignment = LinearAssignment.Solve(cost, 1 - minIou);
        var used = new bool[dets.Count];
        for (int i = 0; i < tracks.Count; i++)
        {
            int j = assignment[i];
            if (j < 0) continue;
            used[j] = true;
            var t = tracks[i];
            var d = dets[j];
            t.Filter.Update(d.Box);
            t.Box = d.Box;
            t.Score = d.Score;
            t.BestScore = Math.Max(t.BestScore, d.Score);
            t.LastSeen = time;
            t.Hits++;
            t.Misses = 0;
            if (t.State == TrackState.Tentative && t.Hits >= options.ConfirmHits) { t.JustConfirmed = true; t.State = TrackState.Confirmed; }
            else if (t.State == TrackState.Lost) t.State = TrackState.Confirmed;
            matched.Add(t);
        }
        var left = new List<Detection>();
        for (int j = 0; j < dets.Count; j++) if (!used[j]) left.Add(dets[j]);
        return left;
    }
}
