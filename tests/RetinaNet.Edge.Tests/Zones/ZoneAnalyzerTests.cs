using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Geometry;
using RetinaNet.Edge.Zones;

namespace RetinaNet.Edge.Tests.Zones;

public class ZoneAnalyzerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Feeds one object (30×40 box, bottom-centre at (x, y)) per second through a real tracker and the analyzer.</summary>
    private static (List<ZoneEvent> Events, List<(string Path, string Value)> Values) Run(ZoneAnalyzer analyzer, IEnumerable<(float X, float Y)> path, int label = 0)
    {
        var tracker = new ByteTracker(new TrackerOptions { ConfirmHits = 1, MatchIou = 0.01f, MaxMisses = 2 });
        var events = new List<ZoneEvent>();
        var values = new List<(string, string)>();
        int frame = 0;
        foreach (var (x, y) in path.Append((float.NaN, float.NaN)).Append((float.NaN, float.NaN)).Append((float.NaN, float.NaN)))
        {
            Detection[] dets = float.IsNaN(x) ? [] : [new Detection(new BoxF(x - 15, y - 40, x + 15, y), 0.9f, label)];
            var tracks = tracker.Update(dets, T0.AddSeconds(frame));
            analyzer.Process(tracks, tracker.Ended, frame, T0.AddSeconds(frame), events.Add, (p, v) => values.Add((p, v)));
            frame++;
        }
        return (events, values);
    }

    private static readonly ZoneOptions Square = new() { Name = "door", Points = [[100, 100], [200, 100], [200, 200], [100, 200]] };

    [Fact]
    public void Process_ObjectWalksThroughZone_EnteredThenLeftWithDwellAndCounts()
    {
        // Bottom-centre moves along y = 150 from x = 50 to 270 in steps of 20: inside for x = 110 … 190 (frames 3–7).
        var analyzer = new ZoneAnalyzer("cam", [Square], [], ["person"]);
        var (events, values) = Run(analyzer, Enumerable.Range(0, 12).Select(i => (50f + 20 * i, 150f)));
        Assert.Equal([ZoneEventType.Entered, ZoneEventType.Left], events.Select(e => e.Type));
        Assert.Equal((3L, "door", "person"), (events[0].Frame, events[0].Zone, events[0].Label));
        Assert.Equal((8L, 5.0), (events[1].Frame, events[1].DwellSeconds));
        Assert.Equal([("zones/door/count", "1"), ("zones/door/count", "0")], values);
    }

    [Fact]
    public void Process_StaysLongerThanLoiterThreshold_OneLoiteringEvent()
    {
        var zone = new ZoneOptions { Name = "bench", Points = Square.Points, LoiterSeconds = 3 };
        var analyzer = new ZoneAnalyzer("cam", [zone], [], ["person"]);
        var (events, _) = Run(analyzer, Enumerable.Repeat((150f, 150f), 8));
        Assert.Equal([ZoneEventType.Entered, ZoneEventType.Loitering, ZoneEventType.Left], events.Select(e => e.Type));
        Assert.Equal(3.0, events[1].DwellSeconds);
        Assert.Equal(7.0, events[2].DwellSeconds); // ended 7 s after entering (last seen frame 7, ended at frame 10 after misses)
    }

    [Fact]
    public void Process_CrossingDirectedLine_InThenOutCounters()
    {
        // Line from (150, 300) up to (150, 0): the screen's right is its right side. Left → right is "in".
        var line = new LineOptions { Name = "gate", From = [150, 300], To = [150, 0] };
        var analyzer = new ZoneAnalyzer("cam", [], [line], ["person"]);
        var path = Enumerable.Range(0, 6).Select(i => (100f + 20 * i, 150f)).Concat(Enumerable.Range(0, 6).Select(i => (200f - 20 * i, 150f)));
        var (events, values) = Run(analyzer, path);
        Assert.Equal([CrossingDirection.In, CrossingDirection.Out], events.Select(e => e.Direction));
        Assert.All(events, e => Assert.Equal((ZoneEventType.Crossed, "gate"), (e.Type, e.Line)));
        Assert.Equal([("lines/gate/in", "1"), ("lines/gate/out", "1")], values);
    }

    [Fact]
    public void Process_LabelFilter_IgnoresOtherLabels()
    {
        var zone = new ZoneOptions { Name = "lot", Points = Square.Points, Labels = ["car"] };
        var analyzer = new ZoneAnalyzer("cam", [zone], [], ["person", "car"]);
        Assert.Empty(Run(analyzer, Enumerable.Repeat((150f, 150f), 3), label: 0).Events);
        Assert.Equal(ZoneEventType.Entered, Run(new ZoneAnalyzer("cam", [zone], [], ["person", "car"]), Enumerable.Repeat((150f, 150f), 3), label: 1).Events[0].Type);
    }

    [Theory]
    [InlineData(150, 150, true)]
    [InlineData(99, 150, false)]
    [InlineData(150, 201, false)]
    public void Inside_Square_MatchesGeometry(float x, float y, bool expected) => Assert.Equal(expected, Geometry2D.Inside(Square.Points, x, y));
}
