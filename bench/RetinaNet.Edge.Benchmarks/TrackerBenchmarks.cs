using BenchmarkDotNet.Attributes;
using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Benchmarks;

/// <summary>One ByteTrack update with 100 objects moving in a 1920×1080 frame (all tracks confirmed and matched).</summary>
[MemoryDiagnoser]
public class TrackerBenchmarks
{
    private ByteTracker _tracker = null!;
    private Detection[][] _frames = [];
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(2);
        var objects = Enumerable.Range(0, 100).Select(_ => (X: rng.Next(0, 1800), Y: rng.Next(0, 1000), Vx: rng.Next(-3, 4), Vy: rng.Next(-3, 4), C: rng.Next(4))).ToArray();
        _frames = Enumerable.Range(0, 1000).Select(f => objects.Select(o => new Detection(
            new BoxF(o.X + o.Vx * f % 200, o.Y + o.Vy * f % 100, o.X + o.Vx * f % 200 + 60, o.Y + o.Vy * f % 100 + 60), 0.9f, o.C)).ToArray()).ToArray();
        _tracker = new ByteTracker(new TrackerOptions());
        for (int f = 0; f < 10; f++) _tracker.Update(_frames[f], DateTimeOffset.UnixEpoch);
        _i = 10;
    }

    [Benchmark]
    public int Update100Objects()
    {
        var tracks = _tracker.Update(_frames[_i++ % _frames.Length], DateTimeOffset.UnixEpoch);
        return tracks.Count;
    }
}
