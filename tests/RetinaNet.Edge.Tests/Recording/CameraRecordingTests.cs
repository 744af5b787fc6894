using Microsoft.Extensions.Time.Testing;
using RetinaNet.Edge.LiveView;
using RetinaNet.Edge.Recording;

namespace RetinaNet.Edge.Tests.Recording;

/// <summary>One camera's clip decisions on a synthetic stream: 10 fragments a second, a keyframe every second.</summary>
public class CameraRecordingTests
{
    private static readonly (string, int, int) Track = ("avc1.640028", 640, 360);
    private readonly List<ClipWork> _work = [];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    private CameraRecording Make(double pre = 2, double post = 1, double max = 300, bool continuous = false) =>
        new("yard", () => new RecordingOptions { Enabled = true, PreSeconds = pre, PostSeconds = post, MaxClipSeconds = max, Continuous = continuous }, _work.Add, _time);

    private static Fmp4Segment Fragment(int tenth) => new(new byte[] { (byte)tenth }, false, tenth % 10 == 0, tenth / 10.0);

    /// <summary>Fragments [from, to) in tenths of a second, each followed by the processed frame at its time.</summary>
    private void Feed(CameraRecording r, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            r.OnSegment(Fragment(i), Track);
            r.OnFrame(i / 10.0, _time.GetUtcNow(), 0, static _ => ("{}\n"u8.ToArray(), 3));
        }
    }

    private CameraRecording Streaming(double pre = 2, double post = 1, double max = 300, bool continuous = false)
    {
        var r = Make(pre, post, max, continuous);
        r.OnSegment(new Fmp4Segment([0xFF], true, false), Track);
        return r;
    }

    [Fact]
    public void Start_AfterSecondsOfVideo_BeginsAtTheKeyframeAtOrBeforeTMinusPre()
    {
        var r = Streaming(pre: 2);
        Feed(r, 0, 96); // up to t = 9.5
        var id = r.Start(7, "person", null);
        var open = Assert.Single(_work, w => w.Kind == ClipWorkKind.Open);
        Assert.Equal(id, open.Clip.Id);
        Assert.Equal(7.0, open.Pts, 6);                 // the keyframe at or before 9.5 − 2 = 7.5
        Assert.Equal(7.5, open.Clip.RequestedPts, 6);
        Assert.Equal(0.5, open.Clip.KeyframeOffset, 6);
        Assert.Equal(26, open.Fragments!.Count);        // 7.0 … 9.5
        Assert.Equal([0xFF], open.Bytes);               // the init segment first
        Assert.Equal("avc1.640028", open.Clip.Codec);
    }

    [Fact]
    public void End_LastTrack_ClipClosesAtTheFirstFragmentPastEndPlusPost()
    {
        var r = Streaming(pre: 2, post: 1);
        Feed(r, 0, 50);
        r.Start(1, "car", null);
        r.Start(2, "person", null);
        Feed(r, 50, 60);
        r.End(1);
        Feed(r, 60, 70);
        r.End(2);                                        // at t = 6.9: the clip ends at 7.9
        Assert.DoesNotContain(_work, w => w.Kind == ClipWorkKind.Close);
        Feed(r, 70, 100);
        var close = Assert.Single(_work, w => w.Kind == ClipWorkKind.Close);
        Assert.Equal(7.9, close.Clip.EndPts!.Value, 6);
        Assert.Equal("tracks", close.Clip.EndReason);
        Assert.Equal(6.9, close.Clip.TracksEndedPts!.Value, 6);
        Assert.Equal([1, 2], close.Clip.TrackIds);
        Assert.Equal(["car", "person"], close.Clip.Labels);
        // Every fragment from the clip's keyframe to its end went into it, each once.
        int appended = _work.Count(w => w.Kind == ClipWorkKind.Append && w.Clip.Id == close.Clip.Id);
        int opened = _work.Single(w => w.Kind == ClipWorkKind.Open).Fragments!.Count;
        Assert.Equal((int)Math.Round((7.9 - 2.0) * 10) + 1, opened + appended);
    }

    [Fact]
    public void LongTrack_MaxClipSeconds_ContinuesInANewFileAtAKeyframe()
    {
        var r = Streaming(pre: 1, max: 5);
        Feed(r, 0, 30);
        r.Start(4, "person", null);                     // clip from 1.0
        Feed(r, 30, 130);
        var closes = _work.Where(w => w.Kind == ClipWorkKind.Close).ToList();
        var opens = _work.Where(w => w.Kind == ClipWorkKind.Open).ToList();
        Assert.Equal("length", closes[0].Clip.EndReason);
        Assert.Equal([1.0, 6.0, 11.0], opens.Select(o => o.Pts));
        Assert.All(opens.Skip(1), o => Assert.Equal(o.Pts, o.Clip.RequestedPts, 6)); // a continuation starts where the last ended
        Assert.Equal(5.9, closes[0].Clip.EndPts!.Value, 6);
        Assert.Equal([4], closes[1].Clip.TrackIds);
    }

    [Fact]
    public void MaxClipSeconds_DuringPostRoll_ContinuesToEndPlusPostThenStops()
    {
        var r = Streaming(pre: 1, post: 2, max: 5);
        Feed(r, 0, 30);
        r.Start(4, "person", null);                     // clip from 1.0
        Feed(r, 30, 50);
        r.End(4);                                       // at 4.9: ends at 6.9, past the 6.0 keyframe where the length is reached
        Feed(r, 50, 200);
        var closes = _work.Where(w => w.Kind == ClipWorkKind.Close).Select(w => w.Clip).ToList();
        Assert.Equal(["length", "tracks"], closes.Select(c => c.EndReason));
        Assert.Equal(6.9, closes[1].EndPts!.Value, 6);
        Assert.Equal(4.9, closes[1].TracksEndedPts!.Value, 6);
        Assert.Equal(2, _work.Count(w => w.Kind == ClipWorkKind.Open)); // and nothing after it
    }

    [Fact]
    public void Continuous_RecordsFilesOfMaxClipSecondsTracksJoinAndDoNotEndThem()
    {
        var r = Streaming(pre: 1, post: 1, max: 5, continuous: true);
        Feed(r, 0, 25);                                 // first file from the first keyframe, 0.0
        var clip = r.Start(3, "car", null);
        Feed(r, 25, 40);
        r.End(3);                                       // does not end the file
        Feed(r, 40, 125);
        var opens = _work.Where(w => w.Kind == ClipWorkKind.Open).ToList();
        var closes = _work.Where(w => w.Kind == ClipWorkKind.Close).Select(w => w.Clip).ToList();
        Assert.Equal([0.0, 5.0, 10.0], opens.Select(o => o.Pts));
        Assert.All(closes, c => Assert.Equal("length", c.EndReason));
        Assert.Equal(opens[0].Clip.Id, clip);
        Assert.Equal([3], closes[0].TrackIds);          // the event stamps the file it falls in
        Assert.Empty(closes[1].TrackIds);
        Assert.Equal(opens[2].Clip.Id, r.OpenClip);
    }

    [Fact]
    public void StreamRestarts_ClipEndsAndContinuesAtTheNewStreamsFirstKeyframe()
    {
        var r = Streaming(pre: 1);
        Feed(r, 0, 30);
        r.Start(9, "dog", null);
        Feed(r, 30, 45);
        r.OnSegment(new Fmp4Segment([0xEE], true, false), Track); // the decoder child restarted
        var close = Assert.Single(_work, w => w.Kind == ClipWorkKind.Close);
        Assert.Equal("stream", close.Clip.EndReason);
        Feed(r, 3, 10);                                   // the new child's clock; its first keyframe is 1.0
        Feed(r, 10, 12);
        var second = _work.Where(w => w.Kind == ClipWorkKind.Open).Last();
        Assert.Equal(1.0, second.Pts, 6);
        Assert.Equal([0xEE], second.Bytes);
    }

    [Fact]
    public void Ring_AfterAMinute_KeepsWholeGopsForPreOnly()
    {
        var r = Streaming(pre: 2);
        Feed(r, 0, 600);
        r.Start(1, "person", null);
        var open = Assert.Single(_work, w => w.Kind == ClipWorkKind.Open);
        Assert.Equal(57.0, open.Pts, 6);
        Assert.Equal(30, open.Fragments!.Count);
    }

    [Fact]
    public void Start_BeforeAnyVideo_NoClipUntilTheFirstKeyframe()
    {
        var r = Make();
        Assert.Null(r.Start(1, "person", null));
        r.OnSegment(new Fmp4Segment([0xFF], true, false), Track);
        Feed(r, 5, 12);
        Assert.Equal(1.0, Assert.Single(_work, w => w.Kind == ClipWorkKind.Open).Pts, 6);
    }
}
