using System.Text.Json;

namespace RetinaNet.Edge.LiveView;

/// <summary>One processed frame's tracks as the live view sends them (camera pixels).</summary>
internal readonly record struct TimedBox(int Id, string Label, float Score, float X1, float Y1, float X2, float Y2);

/// <summary>The boxes of the last processed frames of one camera, by presentation time, and the boxes at any time
/// between them: each track's box interpolated between the two processed frames around it — what the browser page
/// does, for the annotated stream drawn on the agent.</summary>
internal sealed class BoxTimeline
{
    private const int Keep = 300;
    private readonly List<(double T, TimedBox[] Boxes)> _records = [];
    private readonly object _gate = new();

    /// <summary>Adds a <c>boxes</c> message of <see cref="LiveOverlay"/>.</summary>
    public void Add(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        double t = root.GetProperty("t").GetDouble();
        var boxes = root.GetProperty("tracks").EnumerateArray().Select(x =>
        {
            var b = x.GetProperty("box");
            return new TimedBox(x.GetProperty("id").GetInt32(), x.GetProperty("label").GetString() ?? "", x.GetProperty("score").GetSingle(),
                b[0].GetSingle(), b[1].GetSingle(), b[2].GetSingle(), b[3].GetSingle());
        }).ToArray();
        lock (_gate)
        {
            _records.Add((t, boxes));
            if (_records.Count > Keep) _records.RemoveRange(0, _records.Count - Keep);
        }
    }

    /// <summary>The boxes at presentation time <paramref name="t"/>; the last processed frame's for half a second when
    /// none follows yet.</summary>
    public IReadOnlyList<TimedBox> At(double t)
    {
        lock (_gate)
        {
            int i = _records.Count - 1;
            while (i >= 0 && _records[i].T > t + 1e-4) i--;
            if (i < 0) return [];
            var (ta, a) = _records[i];
            if (i + 1 >= _records.Count) return t - ta < 0.5 ? a : [];
            var (tb, b) = _records[i + 1];
            float f = (float)((t - ta) / Math.Max(1e-6, tb - ta));
            return [.. a.Select(x =>
            {
                foreach (var y in b)
                    if (y.Id == x.Id)
                        return x with { X1 = x.X1 + (y.X1 - x.X1) * f, Y1 = x.Y1 + (y.Y1 - x.Y1) * f, X2 = x.X2 + (y.X2 - x.X2) * f, Y2 = x.Y2 + (y.Y2 - x.Y2) * f };
                return x;
            })];
        }
    }
}
