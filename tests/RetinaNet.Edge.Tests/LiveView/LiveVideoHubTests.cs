using RetinaNet.Edge.LiveView;
using RetinaNet.Edge.Testing;

namespace RetinaNet.Edge.Tests.LiveView;

/// <summary>The fan-out: a viewer joining mid-GOP starts at the last keyframe; a slow viewer skips to the next
/// keyframe without holding up the others; a camera's new stream restarts its viewers.</summary>
public class LiveVideoHubTests
{
    private static readonly string Clip = Remux();

    private static string Remux()
    {
        var dir = RepoPaths.TempFolder("hub");
        string src = Path.Combine(dir, "src.mp4"), dst = Path.Combine(dir, "live.mp4");
        ExternalTool.Run("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=15", "-t", "3", "-c:v", "libx264", "-g", "15", "-pix_fmt", "yuv420p", src);
        ExternalTool.Run("ffmpeg", "-loglevel", "error", "-y", "-i", src, "-c:v", "copy", "-f", "mp4", "-movflags", "+frag_every_frame+empty_moov+default_base_moof+negative_cts_offsets", dst);
        return dst;
    }

    private static List<LiveMessage> Drain(LiveVideoHub.Viewer v)
    {
        var all = new List<LiveMessage>();
        while (v.Queue.Reader.TryRead(out var m)) all.Add(m);
        return all;
    }

    /// <summary>The first <paramref name="bytes"/> of the clip through the hub, as the capture thread feeds it.</summary>
    private static void Feed(LiveVideoHub hub, int bytes)
    {
        var all = File.ReadAllBytes(Clip);
        using var stream = new MemoryStream(all, 0, Math.Min(bytes, all.Length));
        hub.Run("cam", stream);
    }

    [Fact]
    public void Subscribe_AfterTwentyFrames_HelloInitThenFramesFromTheLastKeyframe()
    {
        using var meters = new TestMeters();
        var hub = new LiveVideoHub(new LiveViewMetrics(meters.Factory), Microsoft.Extensions.Options.Options.Create(new RetinaNet.Edge.Web.HttpOptions()), []);
        var segments = new List<Fmp4Segment>();
        using (var s = File.OpenRead(Clip)) { var r = new Fmp4Reader(s); while (r.Next() is { } x) segments.Add(x); }
        int twenty = segments.Take(21).Sum(x => x.Bytes.Length); // init + 20 frames
        Feed(hub, twenty);
        var viewer = hub.Subscribe("cam");
        var got = Drain(viewer);
        Assert.Contains("\"codec\":\"avc1.", got[0].Text, StringComparison.Ordinal);
        Assert.Equal(segments[0].Bytes, got[1].Video);
        // Frames 15..19: the GOP that began at the keyframe of frame 15.
        Assert.Equal(segments.Skip(16).Take(5).Select(x => x.Bytes), got.Skip(2).Select(m => m.Video!));
        Assert.True(hub.Watched("cam"));
        hub.Unsubscribe("cam", viewer);
        Assert.False(hub.Watched("cam"));
    }

    [Fact]
    public void Run_SlowViewer_SkipsToNextKeyframeOthersGetEverything()
    {
        using var meters = new TestMeters();
        var hub = new LiveVideoHub(new LiveViewMetrics(meters.Factory), Microsoft.Extensions.Options.Options.Create(new RetinaNet.Edge.Web.HttpOptions()), []);
        var slow = hub.Subscribe("cam", capacity: 8);
        var fast = hub.Subscribe("cam", capacity: 1000);
        Feed(hub, int.MaxValue);
        var all = Drain(fast).Where(m => m.Video is not null).ToList();
        Assert.Equal(46, all.Count); // init + 45 frames
        var slowGot = Drain(slow);
        Assert.Equal(8, slowGot.Count); // hello, init, 6 frames, then full
        // Reading on, it resumes exactly at a keyframe: the next frames it gets start with one.
        hub.Run("cam", new MemoryStream(File.ReadAllBytes(Clip)));
        var resumed = Drain(slow).Where(m => m.Video is not null).ToList();
        Assert.NotEmpty(resumed);
        Assert.True(resumed[0].IsKey, "a slow viewer resumes at a keyframe");
    }

    [Fact]
    public void Unavailable_BeforeAnyStream_HelloSaysWhy()
    {
        using var meters = new TestMeters();
        var hub = new LiveVideoHub(new LiveViewMetrics(meters.Factory), Microsoft.Extensions.Options.Options.Create(new RetinaNet.Edge.Web.HttpOptions()), []);
        hub.Unavailable("cam", "decoder gstreamer does not remux video for the browser");
        var got = Drain(hub.Subscribe("cam"));
        Assert.Single(got);
        Assert.Contains("does not remux", got[0].Text, StringComparison.Ordinal);
    }
}
