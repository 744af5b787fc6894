using RetinaNet.Edge.Vision.Assignment;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Toolkit.Labelling;

/// <summary>Settings of the label filter: a track starts on a detection ≥ <see cref="StartScore"/>, continues on any
/// ≥ <see cref="KeepScore"/> overlapping its last box by IoU ≥ <see cref="MinIoU"/>, ends after <see cref="MaxGap"/>
/// frames unseen, and is kept only if it was seen on ≥ <see cref="MinFrames"/> frames.</summary>
internal sealed record PersistenceSettings(float StartScore = 0.5f, float KeepScore = 0.3f, float MinIoU = 0.3f, int MaxGap = 5, int MinFrames = 5);

/// <summary>One kept label: a frame, a track id, the class (the track's score-weighted vote), the box, and whether
/// the teacher saw it on that frame or it was filled in between two sightings.</summary>
internal readonly record struct LabelBox(int Frame, int TrackId, int Class, BoxF Box, bool Filled);

/// <summary>What the filter did: detections in, tracks kept and dropped, boxes the teacher missed and the track
/// filled, detections dropped as flicker.</summary>
internal sealed record PersistenceReport(int Detections, int TracksKept, int TracksDropped, int BoxesKept, int BoxesFilled, int DetectionsDropped);

/// <summary>Keeps the teacher's boxes that persist and drops flicker: an IoU tracker with score hysteresis (as
/// ByteTrack's two thresholds), optimal assignment per frame, short gaps filled by linear interpolation, short
/// tracks dropped, one class per track by score-weighted vote (a van the teacher calls car on some frames and truck
/// on others gets one label).</summary>
internal sealed class PersistenceFilter(PersistenceSettings settings)
{
    private sealed class Track(int id)
    {
        public int Id { get; } = id;
        public List<(int Frame, BoxF Box, float Score, int Class)> Seen { get; } = [];
        public BoxF Last => Seen[^1].Box;
        public int LastFrame => Seen[^1].Frame;
    }

    private readonly List<Track> _active = [];
    private readonly List<Track> _finished = [];
    private int _nextId = 1, _detections;

    public void Add(int frame, IReadOnlyList<Detection> detections)
    {
        var dets = detections.Where(d => d.Score >= settings.KeepScore).ToList();
        _detections += dets.Count;
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            if (frame - _active[i].LastFrame <= settings.MaxGap) continue;
            _finished.Add(_active[i]);
            _active.RemoveAt(i);
        }
        var matched = new bool[dets.Count];
        if (_active.Count > 0 && dets.Count > 0)
        {
            var cost = new double[_active.Count, dets.Count];
            for (int t = 0; t < _active.Count; t++)
                for (int d = 0; d < dets.Count; d++)
                    cost[t, d] = 1 - BoxF.IoU(_active[t].Last, dets[d].Box);
            var assignment = LinearAssignment.Solve(cost, 1 - settings.MinIoU);
            for (int t = 0; t < assignment.Length; t++)
            {
                int d = assignment[t];
                if (d < 0) continue;
                matched[d] = true;
                _active[t].Seen.Add((frame, dets[d].Box, dets[d].Score, dets[d].ClassId));
            }
        }
        for (int d = 0; d < dets.Count; d++)
        {
            if (matched[d] || dets[d].Score < settings.StartScore) continue;
            var track = new Track(_nextId++);
            track.Seen.Add((frame, dets[d].Box, dets[d].Score, dets[d].ClassId));
            _active.Add(track);
        }
    }

    /// <summary>Ends every track and returns the kept boxes (frame order) with what was kept and dropped.</summary>
    public (List<LabelBox> Boxes, PersistenceReport Report) Finish()
    {
        _finished.AddRange(_active);
        _active.Clear();
        var boxes = new List<LabelBox>();
        int kept = 0, dropped = 0, filled = 0, droppedDetections = 0, id = 0;
        foreach (var track in _finished.OrderBy(t => t.Seen[0].Frame).ThenBy(t => t.Id))
        {
            if (track.Seen.Count < settings.MinFrames) { dropped++; droppedDetections += track.Seen.Count; continue; }
            kept++;
            id++;
            int cls = track.Seen.GroupBy(s => s.Class).OrderByDescending(g => g.Sum(s => s.Score)).First().Key;
            for (int i = 0; i < track.Seen.Count; i++)
            {
                var (frame, box, _, _) = track.Seen[i];
                boxes.Add(new LabelBox(frame, id, cls, box, false));
                if (i + 1 == track.Seen.Count) break;
                var (nextFrame, next, _, _) = track.Seen[i + 1];
                for (int f = frame + 1; f < nextFrame; f++)
                {
                    float a = (f - frame) / (float)(nextFrame - frame);
                    boxes.Add(new LabelBox(f, id, cls, Lerp(box, next, a), true));
                    filled++;
                }
            }
        }
        boxes.Sort((a, b) => a.Frame != b.Frame ? a.Frame.CompareTo(b.Frame) : a.TrackId.CompareTo(b.TrackId));
        return (boxes, new PersistenceReport(_detections, kept, dropped, boxes.Count, filled, droppedDetections));
    }

    private static BoxF Lerp(BoxF a, BoxF b, float t) =>
        new(a.X1 + (b.X1 - a.X1) * t, a.Y1 + (b.Y1 - a.Y1) * t, a.X2 + (b.X2 - a.X2) * t, a.Y2 + (b.Y2 - a.Y2) * t);
}
