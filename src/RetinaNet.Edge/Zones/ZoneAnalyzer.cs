using RetinaNet.Edge.Tracking;

namespace RetinaNet.Edge.Zones;

/// <summary>Zones and lines of one camera: entered / left / loitering events and per-zone counts from the
/// bottom-centre of each confirmed track's box; crossed events and in/out counters from the segment between its
/// previous and current bottom-centre.</summary>
internal sealed class ZoneAnalyzer
{
    private readonly string _camera;
    private readonly IReadOnlyList<ZoneOptions> _zones;
    private readonly IReadOnlyList<LineOptions> _lines;
    private readonly IReadOnlyList<string> _labels;
    private readonly Action<ZoneEvent>? _counted;
    private Action<ZoneEvent> _emit = _ => { };

    public ZoneAnalyzer(string camera, IReadOnlyList<ZoneOptions> zones, IReadOnlyList<LineOptions> lines, IReadOnlyList<string> labels, Events.EventMetrics? metrics = null)
    {
        _camera = camera;
        _zones = zones;
        _lines = lines;
        _labels = labels;
        // One delegate for the analyzer's life (no allocation per frame): counts, then hands on to this call's emit.
        if (metrics is not null) _counted = z => { metrics.Generated(camera, z.Type); _emit(z); };
        _zoneCounts = new int[zones.Count];
        _lineCounts = new (int, int)[lines.Count];
    }

    private readonly Dictionary<(int Zone, int Track), (DateTimeOffset Since, bool Loitered)> _inside = [];
    private readonly Dictionary<int, (float X, float Y)> _lastPoint = [];
    private readonly int[] _zoneCounts;
    private readonly (int In, int Out)[] _lineCounts;

    public bool HasWork => _zones.Count > 0 || _lines.Count > 0;

    public void Process(IReadOnlyList<Track> tracks, IReadOnlyList<Track> ended, long frame, DateTimeOffset now,
        Action<ZoneEvent> emit, Action<string, string> value)
    {
        if (!HasWork) return;
        if (_counted is not null) { _emit = emit; emit = _counted; }
        foreach (var t in tracks)
        {
            if (t.State != TrackState.Confirmed || t.Misses > 0) continue;
            string label = Label(t.ClassId);
            float x = t.Box.CenterX, y = t.Box.Y2;
            for (int z = 0; z < _zones.Count; z++)
            {
                var zone = _zones[z];
                if (zone.Labels.Count > 0 && !zone.Labels.Contains(label)) continue;
                bool inside = Geometry2D.Inside(zone.Points, x, y);
                bool was = _inside.TryGetValue((z, t.Id), out var state);
                if (inside && !was)
                {
                    _inside[(z, t.Id)] = (now, false);
                    emit(new ZoneEvent { Type = ZoneEventType.Entered, Camera = _camera, Zone = zone.Name, TrackId = t.Id, Label = label, Time = now, Frame = frame });
                }
                else if (!inside && was)
                {
                    _inside.Remove((z, t.Id));
                    emit(new ZoneEvent { Type = ZoneEventType.Left, Camera = _camera, Zone = zone.Name, TrackId = t.Id, Label = label, Time = now, Frame = frame, DwellSeconds = Math.Round((now - state.Since).TotalSeconds, 2) });
                }
                else if (inside && zone.LoiterSeconds > 0 && !state.Loitered && (now - state.Since).TotalSeconds >= zone.LoiterSeconds)
                {
                    _inside[(z, t.Id)] = (state.Since, true);
                    emit(new ZoneEvent { Type = ZoneEventType.Loitering, Camera = _camera, Zone = zone.Name, TrackId = t.Id, Label = label, Time = now, Frame = frame, DwellSeconds = Math.Round((now - state.Since).TotalSeconds, 2) });
                }
            }
            if (_lastPoint.TryGetValue(t.Id, out var last))
            {
                for (int l = 0; l < _lines.Count; l++)
                {
                    var line = _lines[l];
                    if (line.Labels.Count > 0 && !line.Labels.Contains(label)) continue;
                    if (!Geometry2D.Crosses(line.From, line.To, last.X, last.Y, x, y)) continue;
                    bool toRight = Geometry2D.Side(line.From, line.To, x, y) > 0;
                    var (i, o) = _lineCounts[l];
                    _lineCounts[l] = toRight ? (i + 1, o) : (i, o + 1);
                    emit(new ZoneEvent { Type = ZoneEventType.Crossed, Camera = _camera, Line = line.Name, Direction = toRight ? CrossingDirection.In : CrossingDirection.Out, TrackId = t.Id, Label = label, Time = now, Frame = frame });
                    value($"lines/{line.Name}/{(toRight ? "in" : "out")}", (toRight ? _lineCounts[l].In : _lineCounts[l].Out).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            _lastPoint[t.Id] = (x, y);
        }
        foreach (var t in ended)
        {
            _lastPoint.Remove(t.Id);
            for (int z = 0; z < _zones.Count; z++)
            {
                if (!_inside.Remove((z, t.Id), out var state)) continue;
                // The track ended after MaxMisses frames unseen: it left when it was last seen.
                emit(new ZoneEvent { Type = ZoneEventType.Left, Camera = _camera, Zone = _zones[z].Name, TrackId = t.Id, Label = Label(t.ClassId), Time = t.LastSeen, Frame = frame, DwellSeconds = Math.Round((t.LastSeen - state.Since).TotalSeconds, 2) });
            }
        }
        for (int z = 0; z < _zones.Count; z++)
        {
            // Lost (not yet ended) tracks still count as inside: a person briefly hidden has not left.
            int inside = _inside.Keys.Count(k => k.Zone == z);
            if (inside == _zoneCounts[z]) continue;
            _zoneCounts[z] = inside;
            value($"zones/{_zones[z].Name}/count", inside.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private string Label(int classId) => Inference.LabelNames.Of(_labels, classId);
}
