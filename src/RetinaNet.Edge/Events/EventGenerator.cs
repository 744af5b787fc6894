using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Events;

/// <summary>Turns tracker output into lifecycle events for one camera: <c>new</c> when a track is confirmed,
/// <c>update</c> when its box moved or resized significantly (IoU with the last published box below the threshold)
/// or its label score rose notably — else at most every <c>updateInterval</c> — and <c>end</c> when it ends.
/// Also keeps per-label counts of confirmed tracks, reported when they change.</summary>
internal sealed class EventGenerator(string camera, IReadOnlyList<string> labels, TimeSpan updateInterval, float changeIou = 0.6f, EventMetrics? metrics = null)
{
    private readonly Dictionary<int, (BoxF Box, float Score, DateTimeOffset At)> _published = [];
    private Dictionary<string, int> _counts = [];

    public void Process(IReadOnlyList<Track> tracks, IReadOnlyList<Track> ended, long frame, int width, int height, DateTimeOffset now,
        Action<TrackEvent> emit, Action<IReadOnlyDictionary<string, int>>? countsChanged)
    {
        foreach (var t in tracks)
        {
            if (t.State != TrackState.Confirmed || t.Misses > 0) continue;
            if (t.JustConfirmed || !_published.TryGetValue(t.Id, out var last))
            {
                emit(Create(TrackEventType.New, t, frame, width, height));
                _published[t.Id] = (t.Box, t.Score, now);
                continue;
            }
            bool moved = BoxF.IoU(last.Box, t.Box) < changeIou;
            bool better = t.Score > last.Score + 0.15f;
            if (moved || better || now - last.At >= updateInterval)
            {
                emit(Create(TrackEventType.Update, t, frame, width, height));
                _published[t.Id] = (t.Box, t.Score, now);
            }
        }
        foreach (var t in ended)
        {
            if (!_published.Remove(t.Id)) continue;
            emit(Create(TrackEventType.End, t, frame, width, height));
        }
        if (countsChanged is null) return;
        var counts = tracks.Where(t => t.State == TrackState.Confirmed && _published.ContainsKey(t.Id))
            .GroupBy(t => Label(t.ClassId)).ToDictionary(g => g.Key, g => g.Count());
        foreach (var gone in _counts.Keys.Where(k => !counts.ContainsKey(k)).ToList()) counts[gone] = 0;
        if (counts.Count != _counts.Count || counts.Any(kv => !_counts.TryGetValue(kv.Key, out var c) || c != kv.Value))
        {
            countsChanged(counts);
            _counts = counts.Where(kv => kv.Value > 0).ToDictionary();
        }
    }

    /// <summary>Ends every published track (shutdown).</summary>
    public void EndAll(IReadOnlyList<Track> tracks, long frame, int width, int height, Action<TrackEvent> emit)
    {
        foreach (var t in tracks)
            if (_published.Remove(t.Id)) emit(Create(TrackEventType.End, t, frame, width, height));
    }

    private string Label(int classId) => Inference.LabelNames.Of(labels, classId);

    private TrackEvent Create(TrackEventType type, Track t, long frame, int width, int height)
    {
        metrics?.Generated(camera, type);
        return new()
        {
        Type = type,
        Camera = camera,
        TrackId = t.Id,
        Label = Label(t.ClassId),
        ClassId = t.ClassId,
        Score = MathF.Round(t.Score, 4),
        BestScore = MathF.Round(t.BestScore, 4),
        Box = new EventBox(MathF.Round(t.Box.X1, 1), MathF.Round(t.Box.Y1, 1), MathF.Round(t.Box.X2, 1), MathF.Round(t.Box.Y2, 1)),
        BoxNormalized = new EventBox(MathF.Round(t.Box.X1 / width, 4), MathF.Round(t.Box.Y1 / height, 4), MathF.Round(t.Box.X2 / width, 4), MathF.Round(t.Box.Y2 / height, 4)),
        FirstSeen = t.FirstSeen.ToUniversalTime(),
        LastSeen = t.LastSeen.ToUniversalTime(),
        Frame = frame,
        };
    }
}
