using RetinaNet.Edge.LiveView;
using RetinaNet.Edge.Testing;

namespace RetinaNet.Edge.Tests.LiveView;

/// <summary>fMP4 as the decoder child writes it (Debian's ffmpeg, the agent's own movflags), cut into init segment and
/// one fragment per frame, with keyframes and the codec string found.</summary>
public class Fmp4ReaderTests
{
    /// <summary>3 s of 15 fps test pattern, a keyframe every 15 frames, remuxed as the agent does.</summary>
    private static string Remuxed(string codec, string extra = "")
    {
        var dir = RepoPaths.TempFolder("fmp4");
        string src = Path.Combine(dir, "src.mp4"), dst = Path.Combine(dir, "live.mp4");
        var encode = new List<string> { "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=15", "-t", "3", "-c:v", codec, "-g", "15", "-pix_fmt", "yuv420p" };
        if (codec == "libx265") encode.AddRange(["-x265-params", "log-level=error:keyint=15:min-keyint=15:scenecut=0"]);
        if (extra.Length > 0) encode.AddRange(extra.Split(' '));
        encode.Add(src);
        ExternalTool.Run("ffmpeg", [.. encode]);
        ExternalTool.Run("ffmpeg", "-loglevel", "error", "-y", "-i", src, "-map", "0:v:0", "-c:v", "copy", "-f", "mp4",
            "-movflags", "+frag_every_frame+empty_moov+default_base_moof+negative_cts_offsets", dst);
        return dst;
    }

    private static List<Fmp4Segment> ReadAll(string path, out (string Codec, int Width, int Height) track)
    {
        using var stream = File.OpenRead(path);
        var reader = new Fmp4Reader(stream);
        var all = new List<Fmp4Segment>();
        while (reader.Next() is { } s) all.Add(s);
        track = reader.Track;
        return all;
    }

    [Theory]
    [InlineData("libx264", "avc1.")]
    [InlineData("libx265", "hev1.")]
    public void Next_FfmpegFragmentedMp4_InitThenOneFragmentPerFrameKeyframesEvery15(string codec, string prefix)
    {
        var segments = ReadAll(Remuxed(codec), out var track);
        Assert.True(segments[0].IsInit);
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(segments[0].Bytes, 4, 4));
        Assert.StartsWith(prefix, track.Codec, StringComparison.Ordinal);
        Assert.Equal((320, 240), (track.Width, track.Height));
        var fragments = segments.Skip(1).ToList();
        Assert.Equal(45, fragments.Count);
        Assert.All(fragments, f => Assert.Equal("moof", System.Text.Encoding.ASCII.GetString(f.Bytes, 4, 4)));
        // In decode order: x264's closed GOPs put each keyframe at 0, 15, 30; x265's open GOPs decode a keyframe
        // before the B-frames shown ahead of it, so its keyframes come a few fragments earlier.
        var keys = fragments.Select((f, i) => (f, i)).Where(x => x.f.IsKey).Select(x => x.i).ToList();
        if (codec == "libx264") Assert.Equal([0, 15, 30], keys);
        else Assert.Equal(3, keys.Count);
        Assert.Equal(0, keys[0]);
    }

    [Fact]
    public void VideoTrack_HighProfileH264_CodecStringFromAvcC()
    {
        ReadAll(Remuxed("libx264", "-profile:v high -level 4.0"), out var track);
        Assert.Equal("avc1.640028", track.Codec); // what Chromium's MSE takes for High@4.0
    }

    [Fact]
    public void VideoTrack_MainProfileH265_CodecStringAsRfc6381()
    {
        ReadAll(Remuxed("libx265"), out var track);
        Assert.Matches(@"^hev1\.1\.6\.L\d+(\.[0-9A-F]{1,2})*$", track.Codec); // Main: profile 1, compatibility 0x60000000 reversed = 6
    }

    [Fact]
    public void Next_TruncatedStream_EndsWithoutThrowing()
    {
        var bytes = File.ReadAllBytes(Remuxed("libx264"));
        using var stream = new MemoryStream(bytes, 0, bytes.Length / 2);
        var reader = new Fmp4Reader(stream);
        int n = 0;
        while (reader.Next() is not null) n++;
        Assert.InRange(n, 2, 44);
    }

    [Fact]
    public void Next_BoxLargerThanAnyFrame_ThrowsInvalidData()
    {
        using var stream = new MemoryStream([0x7f, 0xff, 0xff, 0xff, (byte)'m', (byte)'d', (byte)'a', (byte)'t']);
        Assert.Throws<InvalidDataException>(() => new Fmp4Reader(stream).Next());
    }
}
