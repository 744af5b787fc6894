using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RetinaNet.Edge.Recording;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using RetinaNet.Edge.Vision.Geometry;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Web;

/// <summary>The review page in Debian's headless chromium: a recorded clip plays, the frame on screen is the frame its
/// timestamp names, and the stored boxes land on their objects; an H.265 clip says why it cannot play.</summary>
[Collection("timing")]
public class ReviewPageBrowserTests(SyntheticVideo video, ITestOutputHelper output)
{
    private const int Fps = 15;

    // Disk floor off: on a nearly full CI disk the floor would delete the very clips under test.
    private static string Agent() => AgentHarness.AgentJson(Ports.Free(), embedded: true,
        rootExtra: """, "recording": { "enabled": true, "preSeconds": 1, "postSeconds": 1, "maxClipSeconds": 5, "diskFloorMegabytes": 0 }""");

    private static async Task<ClipInfo> FirstClip(AgentHarness agent)
    {
        var index = agent.Services.GetRequiredService<IClipIndex>();
        ClipInfo? clip = null;
        for (int i = 0; i < 600 && clip is null; i++)
        {
            clip = index.List().FirstOrDefault(c => (c.EndPts ?? 0) - c.StartPts >= 4);
            if (clip is null) await Task.Delay(100);
        }
        return clip ?? throw new Xunit.Sdk.XunitException("no clip of 4 s was recorded in 60 s");
    }

    [Fact]
    public async Task Review_H264Clip_PlaysTheFrameItsTimestampNamesWithStoredBoxesOnTheirObjects()
    {
        var clipFile = video.H264;
        string camera = $$"""{ "name": "yard", "url": "{{clipFile}}", "loop": true, "detectFps": 5 }""";
        await using var agent = await AgentHarness.StartAsync(Agent(), ("yard", camera));
        var clip = await FirstClip(agent);
        var shot = Path.Combine(RepoPaths.TempFolder("review"), "review.png");
        var (seen, _) = await BrowserScript.RunAsync("review.mjs", $"http://127.0.0.1:{agent.HttpPort}/", shot, clip.Id.ToString());
        Assert.False(seen.TryGetProperty("fallback", out var why), "did not play: " + why);
        Assert.Empty(seen.GetProperty("errors").EnumerateArray());
        Assert.True(seen.GetProperty("listed").GetInt32() >= 1);
        // The event history beside the clips: the clip's tracks as objects, each with its snapshot, pointing at the clip.
        var events = seen.GetProperty("objects");
        Assert.True(events.GetProperty("rows").GetInt32() >= 1, "no events listed");
        Assert.True(events.GetProperty("withSnapshot").GetInt32() >= 1, "no event snapshot shown");
        Assert.True(events.GetProperty("ofThisClip").GetInt32() >= 1, "no event points at the clip");
        using (var http = new HttpClient())
        {
            var objects = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{agent.HttpPort}/api/history?camera=yard"))).RootElement;
            Assert.Contains(objects.EnumerateArray(), o => o.TryGetProperty("clip", out var c) && c.GetGuid() == clip.Id && clip.TrackIds.Contains(o.GetProperty("trackId").GetInt32())
                && o.GetProperty("snapshot").GetString()!.StartsWith("/snapshots/yard/", StringComparison.Ordinal));
            // The clip list names the snapshots of the clip's own tracks.
            var clips = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{agent.HttpPort}/api/clips?camera=yard"))).RootElement;
            var listed = clips.EnumerateArray().Single(c => c.GetProperty("clip").GetProperty("id").GetGuid() == clip.Id).GetProperty("snapshots");
            Assert.NotEmpty(listed.EnumerateArray());
            Assert.All(listed.EnumerateArray(), s => Assert.Contains(clip.TrackIds, t => s.GetString()!.StartsWith($"/snapshots/yard/{t}-", StringComparison.Ordinal)));
            var other = await http.GetAsync(new Uri($"http://127.0.0.1:{agent.HttpPort}/api/history?camera=nosuch"));
            Assert.Equal("[]", await other.Content.ReadAsStringAsync());
            using var crossSite = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{agent.HttpPort}/api/history")) { Headers = { { "Sec-Fetch-Site", "cross-site" } } };
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await http.SendAsync(crossSite)).StatusCode);
        }
        Assert.Equal(640, seen.GetProperty("width").GetInt32());
        Assert.True(seen.GetProperty("records").GetInt32() > 10, "no stored boxes");
        var range = seen.GetProperty("range");
        Assert.Equal(206, range.GetProperty("status").GetInt32());
        Assert.Equal(100, range.GetProperty("length").GetInt32());

        var thumbs = FrameMatch.Thumbnails(clipFile);
        int sampled = 0, agree = 0;
        var offsets = new List<int>();
        foreach (var s in seen.GetProperty("samples").EnumerateArray())
        {
            double t = s.GetProperty("t").GetDouble();
            int shown = FrameMatch.BestMatch(thumbs, Convert.FromBase64String(s.GetProperty("grey").GetString()!));
            long byTime = (long)Math.Round(t * Fps) % thumbs.Count;
            sampled++;
            if (Math.Abs(shown - byTime) <= 1 || Math.Abs(shown - byTime) >= thumbs.Count - 1) agree++;
            foreach (var b in s.GetProperty("boxes").EnumerateArray())
            {
                var a = b.GetProperty("box").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
                var (best, iou) = Enumerable.Range(-4, 9).Select(k => (k, IoU: FrameMatch.GroundTruthIoU(video, new BoxF(a[0], a[1], a[2], a[3]), shown + k))).MaxBy(x => x.IoU);
                if (iou >= 0.5) offsets.Add(best);
            }
        }
        output.WriteLine($"clip {clip.File} ({clip.StartPts:F2}–{clip.EndPts:F2} s): frame on screen = its timestamp's (±1) in {agree} of {sampled} samples; " +
                         $"{offsets.Count} drawn boxes matched, offsets {string.Join(' ', offsets.GroupBy(o => o).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"))}");
        Assert.True(agree >= 0.9 * sampled, $"the frame on screen matched its timestamp in {agree} of {sampled} samples");
        Assert.True(offsets.Count >= 10, $"only {offsets.Count} drawn boxes matched an object");
        offsets.Sort();
        Assert.InRange(offsets[offsets.Count / 2], -1, 1);
        Assert.True(seen.GetProperty("drawnInShot").GetInt32() >= 1, "no boxes in the screenshot");
        if (Environment.GetEnvironmentVariable("RETINANET_UPDATE_SCREENSHOT") == "1")
            File.Copy(shot, Path.Combine(RepoPaths.Root, "docs", "review.png"), overwrite: true);
    }

    [Fact]
    public async Task Review_H265Clip_SaysWhyAndOffersTheDownload()
    {
        var clipFile = Path.Combine(RepoPaths.TempFolder("review-h265"), "clip.mp4");
        ExternalTool.Run("ffmpeg", "-loglevel", "error", "-y", "-i", video.Path, "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error:keyint=15", "-pix_fmt", "yuv420p", clipFile);
        string camera = $$"""{ "name": "gate", "url": "{{clipFile}}", "loop": true, "detectFps": 5 }""";
        await using var agent = await AgentHarness.StartAsync(Agent(), ("gate", camera));
        var clip = await FirstClip(agent);
        Assert.True(clip.Codec.StartsWith("hvc1", StringComparison.Ordinal) || clip.Codec.StartsWith("hev1", StringComparison.Ordinal), clip.Codec); // stored as the camera sent it
        var (seen, _) = await BrowserScript.RunAsync("review.mjs", $"http://127.0.0.1:{agent.HttpPort}/", Path.Combine(RepoPaths.TempFolder("review-h265"), "shot.png"), clip.Id.ToString());
        output.WriteLine(seen.ToString());
        Assert.Contains("H.265", seen.GetProperty("fallback").GetString(), StringComparison.Ordinal);
        Assert.Contains("download the clip", seen.GetProperty("note").GetString(), StringComparison.Ordinal);
        // The download itself: the whole file, as an attachment.
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{agent.HttpPort}/api/clips/{clip.Id}/video?download=1"));
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(clip.Size, (await response.Content.ReadAsByteArrayAsync()).Length);
    }
}
