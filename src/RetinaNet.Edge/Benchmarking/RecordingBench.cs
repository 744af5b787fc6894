using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MQTTnet;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Benchmarking;

/// <summary><c>retinanet-edge bench recording</c>: the agent as its own process with 4 cameras of the street footage
/// (1080p30 by default: two H.264, two H.265, a keyframe a second), recording event clips of people in zone
/// <c>lawn</c> with a small per-camera quota and mosquitto. On one camera of each codec the zone is the whole frame
/// (someone is nearly always there: clips run back to back, the quota fills); on the other it is the footage's lawn,
/// which a walker crosses now and then (clips end with their tracks). Every second it sizes each camera's clip folder (quota overshoot = the most a folder held above its
/// quota); at the end every clip on disk is checked with ffprobe/ffmpeg — its first frame a keyframe at or before the
/// asked start (track start − pre) unless the camera's video began later, its codec the camera's, decoding to its
/// end without an error — and every announcement on <c>CAMERA/clips</c> counted (each clip once).</summary>
internal static class RecordingBench
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly string[] People = ["person"], Lawn = ["lawn"];

    public static async Task<int> RunAsync(RecordingBenchArgs a)
    {
        var model = a.Model.Resolve(RepositoryFiles.Find("models/retinanet-street-int8.onnx") ?? ToolHost.DemoModel);
        var outDir = Path.GetFullPath(a.Out);
        Directory.CreateDirectory(outDir);
        using var rig = SoakRig.Prepare(outDir, a.Width, a.Height);
        var config = rig.WriteAgentConfig(model, new
        {
            enabled = true, folder = Path.Combine(rig.Folder, "clips"), preSeconds = a.PreSeconds, postSeconds = a.PostSeconds, maxClipSeconds = a.MaxClipSeconds, continuous = a.Continuous,
            cameraQuotaMegabytes = a.QuotaMegabytes, diskFloorMegabytes = 100, labels = People, zones = Lawn,
        });
        var cameras = new[] { ("h264a", rig.H264, "h264"), ("h264b", rig.H264, "h264"), ("h265a", rig.H265, "hevc"), ("h265b", rig.H265, "hevc") };
        for (int i = 0; i < cameras.Length; i++) rig.WriteCamera(cameras[i].Item1, cameras[i].Item2, 5, i, a.Width, a.Height, lawn: i % 2 == 1);

        var announced = new ConcurrentQueue<JsonElement>();
        using var mqtt = new MqttClientFactory().CreateMqttClient();
        mqtt.ApplicationMessageReceivedAsync += e =>
        {
            announced.Enqueue(JsonDocument.Parse(e.ApplicationMessage.ConvertPayloadToString()).RootElement.Clone());
            return Task.CompletedTask;
        };
        await mqtt.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", rig.BrokerPort).WithClientId("recording-bench").Build()).ConfigureAwait(false);
        await mqtt.SubscribeAsync($"{SoakRig.Prefix}/cameras/+/clips", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).ConfigureAwait(false);

        var clips = Path.Combine(rig.Folder, "clips");
        long quota = (long)(a.QuotaMegabytes * 1048576);
        var over = cameras.ToDictionary(c => c.Item1, _ => long.MinValue);
        var peak = cameras.ToDictionary(c => c.Item1, _ => 0L);
        long minFree = long.MaxValue;
        Console.WriteLine($"model {model.Path}; 4 cameras {a.Width}x{a.Height}@30 (2 × H.264, 2 × H.265), quota {a.QuotaMegabytes} MB each, pre {a.PreSeconds} s, post {a.PostSeconds} s, " +
                          $"{(a.Continuous ? "continuous, " : "")}files of at most {a.MaxClipSeconds} s, {a.Minutes} min");
        using (var agent = BenchAgent.Launch(config, rig.HttpPort))
        {
            agent.WaitServing();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromMinutes(a.Minutes))
            {
                await Task.Delay(1000).ConfigureAwait(false);
                agent.ThrowIfExited();
                foreach (var (name, _, _) in cameras)
                {
                    var dir = new DirectoryInfo(Path.Combine(clips, name));
                    long size = dir.Exists ? dir.EnumerateFiles().Sum(f => { try { return f.Length; } catch (FileNotFoundException) { return 0; } }) : 0;
                    peak[name] = Math.Max(peak[name], size);
                    over[name] = Math.Max(over[name], size - quota);
                }
                if (Directory.Exists(clips)) minFree = Math.Min(minFree, new DriveInfo(clips).AvailableFreeSpace);
                if ((int)clock.Elapsed.TotalSeconds % 60 == 0)
                    Console.WriteLine($"  {clock.Elapsed.TotalMinutes:F0} min: {announced.Count} clips announced; folders {string.Join(", ", peak.Select(p => $"{p.Key} peak {p.Value / 1048576.0:F1} MB"))}");
            }
            agent.Stop();
        }
        await Task.Delay(2000).ConfigureAwait(false);

        var all = announced.ToList();
        var ids = all.Select(c => c.GetProperty("id").GetGuid()).ToList();
        var rows = new List<object>();
        int bad = 0, onDisk = 0;
        foreach (var (name, _, codec) in cameras)
        {
            var mine = all.Where(c => c.GetProperty("camera").GetString() == name).OrderBy(c => c.GetProperty("start").GetDateTimeOffset()).ToList();
            int keyframeStart = 0, beforeAsked = 0, codecKept = 0, decoded = 0, present = 0, byTracks = 0, pastPost = 0;
            double minLead = double.MaxValue, maxLead = 0, seconds = 0;
            foreach (var c in mine)
            {
                var file = Path.Combine(clips, name, c.GetProperty("file").GetString()!);
                if (!File.Exists(file)) continue; // deleted by the quota since
                present++;
                // The first frame decoded (csv: key_frame first; HEVC's leading pictures before it are not shown).
                var first = Probe(file, "frame=key_frame", "-read_intervals", "%+#1").Trim().Split('\n')[0].Split(',')[0];
                if (first == "1") keyframeStart++;
                double start = c.GetProperty("startPts").GetDouble(), asked = c.GetProperty("requestedPts").GetDouble();
                bool continuation = c.GetProperty("endReason").GetString() is not null && Math.Abs(asked - start) < 1e-6;
                if (start <= asked + 1e-6 || start < 1.05) beforeAsked++;

                // Ended by its tracks: at or after the last one's end + post, in the announcement and in the file.
                if (c.TryGetProperty("tracksEndedPts", out var ended))
                {
                    byTracks++;
                    double endPts = c.GetProperty("endPts").GetDouble();
                    if (endPts >= ended.GetDouble() + a.PostSeconds - 1e-6 && LastPacketPts(file) >= endPts - 1e-3) pastPost++;
                }
                if (Probe(file, "stream=codec_name").Trim() == codec) codecKept++;
                if (Decodes(file)) decoded++;
                seconds += c.GetProperty("endPts").GetDouble() - start;
            }
            // How far before the asked start clips begin (to start on a keyframe), from every announcement that a track
            // started (not a continuation), whether or not the quota deleted its file since.
            foreach (var c in mine)
            {
                double start = c.GetProperty("startPts").GetDouble(), asked = c.GetProperty("requestedPts").GetDouble();
                if (Math.Abs(asked - start) < 1e-6 || asked < start) continue;
                minLead = Math.Min(minLead, asked - start);
                maxLead = Math.Max(maxLead, asked - start);
            }
            // Continuous: a file that ended by length is followed by one whose first packet is the frame after its last
            // (decode times: presentation times carry each file's own reordering offset).
            int followed = 0, joined = 0;
            if (a.Continuous)
                for (int i = 0; i + 1 < mine.Count; i++)
                {
                    string file = Path.Combine(clips, name, mine[i].GetProperty("file").GetString()!), next = Path.Combine(clips, name, mine[i + 1].GetProperty("file").GetString()!);
                    if (mine[i].GetProperty("endReason").GetString() != "length" || !File.Exists(file) || !File.Exists(next)) continue;
                    followed++;
                    double gap = PacketTimes(next, "dts_time").DefaultIfEmpty(double.NaN).Min() - PacketTimes(file, "dts_time").DefaultIfEmpty(double.NaN).Max();
                    if (gap is > 0.5 / 30 and < 1.5 / 30) joined++;
                }
            onDisk += present;
            bad += (followed - joined) + (present - keyframeStart) + (present - beforeAsked) + (present - codecKept) + (present - decoded) + (byTracks - pastPost);
            Console.WriteLine($"{name}: {mine.Count} clips announced, {present} on disk ({seconds / 60:F1} min of video): keyframe first {keyframeStart}, at or before the asked start {beforeAsked}, " +
                              $"ended by their tracks {byTracks} (at or after end + post {pastPost}), " + (a.Continuous ? $"followed by the next frame's file {joined} of {followed}, " : "") +
                              $"codec {codec} kept {codecKept}, decode to the end {decoded}; keyframe lead {(minLead == double.MaxValue ? "n/a" : $"{minLead:F2}–{maxLead:F2} s")}; " +
                              $"folder peak {peak[name] / 1048576.0:F1} MB, most above quota {Math.Max(0, over[name]) / 1024.0:F0} KB");
            rows.Add(new { camera = name, codec, announced = mine.Count, onDisk = present, keyframeStart, beforeAsked, byTracks, pastPost, followed, joined, codecKept, decoded, peakMegabytes = peak[name] / 1048576.0,
                maxOverQuotaBytes = Math.Max(0, over[name]), keyframeLeadSeconds = new[] { minLead == double.MaxValue ? 0 : minLead, maxLead } });
        }
        int duplicates = ids.Count - ids.Distinct().Count();
        Console.WriteLine($"announcements {ids.Count}, duplicates {duplicates}; free space never below {minFree / 1048576.0:F0} MB (floor 100 MB)");
        var json = Path.Combine(outDir, "recording.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { date = DateTimeOffset.UtcNow, model = model.Path, a.Minutes, a.QuotaMegabytes, a.PreSeconds, a.PostSeconds,
            a.Continuous, a.MaxClipSeconds, a.Width, a.Height, rows, announcements = ids.Count, duplicates, minFreeMegabytes = minFree / 1048576.0, clips = all }, JsonOutput.Indented)).ConfigureAwait(false);
        bool pass = bad == 0 && duplicates == 0 && onDisk > 0;
        Console.WriteLine($"recording: {(pass ? "PASS" : "FAIL")}; wrote {json}");
        return pass ? 0 : 1;
    }

    private static string Probe(string path, string entries, params string[] extra)
    {
        var psi = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var x in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", entries, "-of", "csv=p=0" }.Concat(extra).Append(path)) psi.ArgumentList.Add(x);
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text;
    }

    /// <summary>The latest packet time in the file (no decoding).</summary>
    private static double LastPacketPts(string path) => PacketTimes(path, "pts_time").DefaultIfEmpty(double.NaN).Max();

    /// <summary>Every packet's presentation (<c>pts_time</c>) or decode (<c>dts_time</c>) time in the file (no decoding).</summary>
    private static List<double> PacketTimes(string path, string which) =>
        [.. Probe(path, "packet=" + which).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => double.TryParse(l.Trim().TrimEnd(','), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).Where(double.IsFinite)];

    /// <summary>ffmpeg decodes every frame of the file without an error message.</summary>
    private static bool Decodes(string path)
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var x in new[] { "-v", "error", "-i", path, "-f", "null", "-" }) psi.ArgumentList.Add(x);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 && err.Trim().Length == 0;
    }
}
