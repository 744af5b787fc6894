using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Recording;

/// <summary>Event clips of the agent process on the synthetic clip as an H.264 camera (a keyframe a second), with a real
/// mosquitto, five cameras: every announced clip is a file that starts on a keyframe at or before track start − pre, in the camera's
/// codec, with the hash it was announced with; kill -9 in the middle of five clips leaves five files that decode, and the next
/// run completes them and announces them — each clip exactly once.</summary>
public class EventClipTests(SyntheticVideo video, ITestOutputHelper output) : IClassFixture<SyntheticVideo>
{
    private const double Pre = 2, Post = 1;

    [Fact]
    public async Task Clips_FiveCamerasKilledMidClip_AllDecodeRecoveredAndEachAnnouncedOnce()
    {
        using var broker = new Mosquitto();
        await broker.StartAsync();
        await using var sub = await MqttCollector.ConnectAsync(broker.Port, "test/#");
        var dir = Install(broker.Port, $$"""{ "preSeconds": {{Pre}}, "postSeconds": {{Post}}, "maxClipSeconds": 8 }""", Cameras);

        Dictionary<string, string> open = [];
        using (var agent = new AgentProcess(Path.Combine(dir, "agent.json")))
        {
            agent.Start();
            Assert.True(await sub.WaitFor(s => Announced(s).Count >= 5, TimeSpan.FromSeconds(150)), "fewer than 5 clips announced: " + agent.Output);
            // Every camera in the middle of a clip, a few fragments in: kill -9.
            Assert.True(SpinWait.SpinUntil(() => (open = Writing(dir, sub)).Count == Cameras.Length, TimeSpan.FromSeconds(60)),
                $"not all cameras were writing a clip at once ({open.Count})");
            agent.KillHard();
            output.WriteLine("killed while writing " + string.Join(", ", open.Select(o => $"{o.Key}/{Path.GetFileName(o.Value)} ({new FileInfo(o.Value).Length} bytes)")));
        }
        // What the killed run left decodes up to its last whole fragment: every one of the five.
        foreach (var (camera, file) in open) Assert.True(Frames(file) > 0, $"{camera}: the interrupted clip does not decode");
        int before = Announced(sub).Count;
        using (var agent = new AgentProcess(Path.Combine(dir, "agent.json")))
        {
            agent.Start();
            // All five completed from their files and announced (state recovered), then new clips as before.
            var files = open.Values.Select(Path.GetFileName).ToHashSet();
            Assert.True(await sub.WaitFor(s => Announced(s).Count(c => c.GetProperty("state").GetString() == "recovered" && files.Contains(c.GetProperty("file").GetString())) == Cameras.Length,
                TimeSpan.FromSeconds(60)), "not every interrupted clip was announced: " + agent.Output);
            Assert.True(await sub.WaitFor(s => Announced(s).Count >= before + Cameras.Length + 3, TimeSpan.FromSeconds(90)), "no clips after the restart");
            Assert.Equal(0, agent.Terminate(TimeSpan.FromSeconds(20)).ExitCode);
        }

        var announced = Announced(sub);
        var ids = announced.Select(c => c.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count()); // each clip announced exactly once
        foreach (var c in announced) Check(dir, c);
        // A clip its tracks ended goes on at least post seconds past the moment the last one ended.
        var byTracks = announced.Where(c => c.GetProperty("endReason").GetString() == "tracks").ToList();
        foreach (var c in byTracks)
            Assert.True(c.GetProperty("endPts").GetDouble() >= c.GetProperty("tracksEndedPts").GetDouble() + Post - 1e-6, $"{c.GetProperty("file")} ends before its tracks' end + post");
        // Events name the clips they are in; a completed clip's id was announced.
        var named = sub.Events("new").Where(e => e.TryGetProperty("clip", out _)).Select(e => e.GetProperty("clip").GetGuid()).ToHashSet();
        Assert.NotEmpty(named);
        Assert.Contains(named, ids.Contains);
        output.WriteLine($"{announced.Count} clips announced ({byTracks.Count} ended by their tracks), {announced.Count(c => c.GetProperty("state").GetString() == "recovered")} recovered after kill -9; " +
                         $"keyframe offsets {string.Join(", ", announced.Select(c => c.GetProperty("keyframeOffset").GetDouble().ToString("F2", CultureInfo.InvariantCulture)))} s");
    }

    [Fact]
    public async Task Clips_ContinuousRecording_BackToBackFilesEachKeyframeFirstAnnouncedOnce()
    {
        using var broker = new Mosquitto();
        await broker.StartAsync();
        await using var sub = await MqttCollector.ConnectAsync(broker.Port, "test/#");
        var dir = Install(broker.Port, """{ "continuous": true, "maxClipSeconds": 5 }""", "yard1");
        using (var agent = new AgentProcess(Path.Combine(dir, "agent.json")))
        {
            agent.Start();
            Assert.True(await sub.WaitFor(s => Announced(s).Count(c => c.GetProperty("endReason").GetString() == "length") >= 3, TimeSpan.FromSeconds(90)),
                "fewer than 3 files of maxClipSeconds: " + agent.Output);
            Assert.Equal(0, agent.Terminate(TimeSpan.FromSeconds(20)).ExitCode);
        }
        await sub.WaitFor(s => Announced(s).Any(c => c.GetProperty("endReason").GetString() == "stopping"), TimeSpan.FromSeconds(5));
        var files = Announced(sub).OrderBy(c => c.GetProperty("start").GetDateTimeOffset()).ToList();
        Assert.Equal(files.Count, files.Select(c => c.GetProperty("id").GetGuid()).Distinct().Count());
        foreach (var c in files) Check(dir, c);
        // Each file that ended by length is followed by one that starts with the very next frame: no gap, no overlap
        // (decode times: presentation times carry each file's own reordering offset, which a short file may lack).
        int joined = 0;
        for (int i = 0; i + 1 < files.Count; i++)
        {
            if (files[i].GetProperty("endReason").GetString() != "length") continue;
            var (_, lastOfThis) = DecodeTimes(Path.Combine(dir, "clips", "yard1", files[i].GetProperty("file").GetString()!));
            var (firstOfNext, _) = DecodeTimes(Path.Combine(dir, "clips", "yard1", files[i + 1].GetProperty("file").GetString()!));
            Assert.InRange(firstOfNext - lastOfThis, 0.5 / 15, 1.5 / 15);
            Assert.InRange(files[i].GetProperty("endPts").GetDouble() - files[i].GetProperty("startPts").GetDouble(), 5 - 1.0, 5 + 1.0 + 1e-6);
            joined++;
        }
        Assert.True(joined >= 3, $"{joined} files joined the next");
        output.WriteLine($"{files.Count} continuous files: {string.Join(", ", files.Select(c => $"{c.GetProperty("startPts").GetDouble():F2}–{c.GetProperty("endPts").GetDouble():F2} ({c.GetProperty("endReason")})"))}");
    }

    /// <summary>The first and last packets' decode times in a file (ffprobe, no decoding).</summary>
    private static (double First, double Last) DecodeTimes(string path)
    {
        var times = Probe(path, "packet=dts_time").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => double.Parse(t.Trim().TrimEnd(','), CultureInfo.InvariantCulture)).ToList();
        return (times.Min(), times.Max());
    }

    /// <summary>An agent folder: agent.json with recording on (plus <paramref name="recording"/>'s keys) and a camera
    /// file per name, each the synthetic H.264 clip looping at 3 detections a second.</summary>
    private string Install(int brokerPort, string recording, params string[] cameras)
    {
        var dir = RepoPaths.TempFolder("clips");
        Directory.CreateDirectory(Path.Combine(dir, "cameras"));
        var keys = System.Text.Json.Nodes.JsonNode.Parse(recording)!.AsObject();
        keys["enabled"] = true;
        keys["diskFloorMegabytes"] = 0; // off: on a nearly full CI disk the floor would delete the very clips under test
        File.WriteAllText(Path.Combine(dir, "agent.json"), AgentHarness.AgentJson(brokerPort, rootExtra: ", \"recording\": " + keys.ToJsonString()));
        foreach (var camera in cameras)
            File.WriteAllText(Path.Combine(dir, "cameras", camera + ".json"), $$"""{ "name": "{{camera}}", "url": "{{video.H264}}", "loop": true, "detectFps": 3 }""");
        return dir;
    }

    private static readonly string[] Cameras = ["yard1", "yard2", "yard3", "yard4", "yard5"];

    private static List<JsonElement> Announced(MqttCollector sub) =>
        [.. sub.Messages.Where(m => m.Topic.StartsWith("test/cameras/", StringComparison.Ordinal) && m.Topic.EndsWith("/clips", StringComparison.Ordinal))
            .Select(m => JsonDocument.Parse(m.Payload).RootElement)];

    /// <summary>Per camera, a clip file with some video in it that was not announced yet.</summary>
    private static Dictionary<string, string> Writing(string dir, MqttCollector sub)
    {
        var done = Announced(sub).Select(c => c.GetProperty("file").GetString()).ToHashSet();
        var writing = new Dictionary<string, string>();
        foreach (var camera in Cameras)
        {
            var folder = Path.Combine(dir, "clips", camera);
            if (!Directory.Exists(folder)) continue;
            if (Directory.GetFiles(folder, "*.mp4").FirstOrDefault(f => !done.Contains(Path.GetFileName(f)) && new FileInfo(f).Length > 40_000) is { } file) writing[camera] = file;
        }
        return writing;
    }

    private void Check(string dir, JsonElement clip)
    {
        var path = Path.Combine(dir, "clips", clip.GetProperty("camera").GetString()!, clip.GetProperty("file").GetString()!);
        Assert.True(File.Exists(path), path);
        Assert.Equal(clip.GetProperty("size").GetInt64(), new FileInfo(path).Length);
        using (var s = File.OpenRead(path)) Assert.Equal(clip.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(s)));
        Assert.Equal("h264", Probe(path, "stream=codec_name").Trim());
        Assert.StartsWith("avc1", clip.GetProperty("codec").GetString(), StringComparison.Ordinal);
        // The first frame is a keyframe at the announced start, at or before the moment asked for (track start − pre)
        // unless the camera's video did not reach back that far (its first keyframe).
        var first = Probe(path, "frame=key_frame,pts_time", "-read_intervals", "%+#1").Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Split(',');
        Assert.Equal("1", first[0]);
        double startPts = clip.GetProperty("startPts").GetDouble(), requested = clip.GetProperty("requestedPts").GetDouble();
        // ffprobe's first frame time includes the B-frame reordering delay the muxer adds (2 frames here); the clip's times
        // are the decoded frames' own, which the boxes carry.
        Assert.InRange(double.Parse(first[1], CultureInfo.InvariantCulture) - startPts, -0.001, 0.25);
        Assert.True(startPts <= requested + 1e-6 || startPts <= 1.0 + 1e-6 || clip.GetProperty("endReason").GetString() is not null && requested == startPts,
            $"clip starts at {startPts} after {requested}");
        Assert.True(Frames(path) > 0);
        output.WriteLine($"{clip.GetProperty("file")}: {clip.GetProperty("state")}, {startPts:F2}–{clip.GetProperty("endPts").GetDouble():F2} s, asked from {requested:F2}, ended by {clip.GetProperty("endReason")}");
    }

    private static string Probe(string path, string entries, params string[] extra) =>
        ExternalTool.Output("ffprobe", [.. new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", entries, "-of", "csv=p=0" }, .. extra, path]);

    private static int Frames(string path) =>
        int.Parse(Probe(path, "stream=nb_read_frames", "-count_frames").Trim().Split('\n')[0], CultureInfo.InvariantCulture);
}
