using System.Diagnostics;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Integration;

/// <summary>H.264 with flipped bytes, zeroed ranges and a truncated end, through gst-rtsp-server (MP4 passed through
/// without re-encoding), over HTTP (MPEG-TS) and as a file played as a camera (MPEG-TS): the agent keeps running, counts the decoder's complaints per camera
/// (status, /metrics) and logs them rate-limited through its logger.</summary>
public class DecoderNoiseTests(SyntheticVideo video, ITestOutputHelper output) : IClassFixture<SyntheticVideo>
{
    private static string Corrupt(string video, string extension)
    {
        var dir = RepoPaths.TempFolder("corrupt");
        var clean = Path.Combine(dir, "clean" + extension);
        var args = new List<string> { "-loglevel", "error", "-y", "-i", video, "-c:v", "libx264", "-g", "15", "-bf", "0" };
        if (extension == ".mp4") args.AddRange(["-movflags", "+faststart"]);
        args.Add(clean);
        using (var p = Process.Start("ffmpeg", args)!) p.WaitForExit();
        var data = File.ReadAllBytes(clean);
        int start = extension == ".mp4" ? data.AsSpan().IndexOf("mdat"u8) + 30_000 : 65_536; // keep the headers readable
        var rnd = new Random(7);
        for (int i = 0; i < 300; i++) data[rnd.Next(start, data.Length)] ^= 0xFF;
        for (int i = 0; i < 10; i++) { int at = rnd.Next(start, data.Length - 4000); Array.Clear(data, at, rnd.Next(200, 3000)); }
        var path = Path.Combine(dir, "corrupt" + extension);
        File.WriteAllBytes(path, data[..(int)(data.Length * 0.9)]);
        return path;
    }

    [Fact]
    public async Task Rtsp_CorruptH264_CountedLoggedRateLimitedAgentRuns()
    {
        using var server = new RtspServer(Corrupt(video.Path, ".mp4"), once: true);
        await server.StartAsync();
        await Check($$"""{ "name": "bad", "url": "{{server.Url}}", "detectFps": 5, "stallSeconds": 5 }""", "RTSP");
    }

    [Fact]
    public async Task Http_CorruptMpegTs_CountedLoggedRateLimitedAgentRuns()
    {
        var file = Corrupt(video.Path, ".ts");
        int port = Ports.Free();
        using var http = new ExternalProcess("/usr/bin/python3", "-m", "http.server", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--directory", Path.GetDirectoryName(file)!);
        http.Start();
        await Ports.WaitListening(port, TimeSpan.FromSeconds(10));
        await Check($$"""{ "name": "bad", "url": "http://127.0.0.1:{{port}}/corrupt.ts", "detectFps": 5, "stallSeconds": 5 }""", "HTTP");
    }

    [Fact]
    public async Task File_CorruptMpegTsPlayedAsCamera_CountedLoggedRateLimitedAgentRuns()
    {
        var file = Corrupt(video.Path, ".ts");
        await Check($$"""{ "name": "bad", "url": "{{file}}", "loop": true, "realTime": true, "detectFps": 5 }""", "file");
    }

    [Fact]
    public async Task UnpacedFile_CorruptDecodedInProcess_StderrIntoLogsNotRaw()
    {
        var file = Corrupt(video.Path, ".ts");
        var dir = RepoPaths.TempFolder("native");
        Directory.CreateDirectory(Path.Combine(dir, "cameras"));
        File.WriteAllText(Path.Combine(dir, "agent.json"), AgentHarness.AgentJson(Ports.Free(), embedded: true));
        File.WriteAllText(Path.Combine(dir, "cameras", "bad.json"), $$"""{ "name": "bad", "url": "{{file}}", "loop": true, "realTime": false, "detectFps": 30 }""");
        using var agent = new AgentProcess(Path.Combine(dir, "agent.json"));
        agent.Start();
        Assert.True(SpinWait.SpinUntil(() => agent.Output.Contains("Native decoder (in-process)", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), agent.Output);
        await Task.Delay(3000);
        var (code, _) = agent.Terminate();
        output.WriteLine($"unpaced file: {agent.Output.Split('\n').Count(l => l.Contains("Native decoder", StringComparison.Ordinal))} summary line(s); raw decoder lines on stderr: {agent.ErrorOutput.Split('\n').Count(l => l.Contains("@ 0x", StringComparison.Ordinal))}");
        Assert.Equal(0, code);
        Assert.DoesNotContain("@ 0x", agent.ErrorOutput, StringComparison.Ordinal); // nothing raw from FFmpeg on stderr
    }

    private async Task Check(string camera, string via)
    {
        await using var agent = await AgentHarness.StartAsync(AgentHarness.AgentJson(Ports.Free(), embedded: true), ("bad", camera));
        var camera1 = agent.Pipeline.Current.Single();
        var status = camera1.Capture.Status;
        Assert.True(SpinWait.SpinUntil(() => status.DecoderErrors > 10 && camera1.FramesProcessed > 5, TimeSpan.FromSeconds(40)),
            $"decoder errors {status.DecoderErrors}, frames processed {camera1.FramesProcessed}");
        await Task.Delay(2000);
        var lines = agent.Logs.GetSnapshot().Count(r => r.Message.Contains("decoder error(s)", StringComparison.Ordinal));
        using var client = new HttpClient();
        var metrics = await client.GetStringAsync(new Uri($"http://127.0.0.1:{agent.HttpPort}/metrics"));
        output.WriteLine($"{via}: {status.DecoderErrors} decoder complaints counted, {lines} log line(s), {camera1.FramesProcessed} frames processed");
        Assert.InRange(lines, 1, 4); // one line per 10 s with the count, not one per complaint
        Assert.Contains("retinanet_camera_decoder_errors_total{camera=\"bad\"}", metrics, StringComparison.Ordinal);
        using var cameras = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri($"http://127.0.0.1:{agent.HttpPort}/api/cameras")));
        Assert.True(cameras.RootElement[0].GetProperty("decoderErrors").GetInt64() > 10); // the status record carries it
    }
}
