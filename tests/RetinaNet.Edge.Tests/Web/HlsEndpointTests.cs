using System.Diagnostics;
using RetinaNet.Edge.Tests.Integration.Fixtures;

namespace RetinaNet.Edge.Tests.Web;

/// <summary>The annotated HLS stream, played by ffmpeg as a non-browser player would: full resolution, boxes burned in;
/// a missing hardware encoder answers with one line naming what is missing.</summary>
[Collection("integration")]
public class HlsEndpointTests(SyntheticVideo video)
{
    [Fact]
    public async Task Hls_PlayedByFfmpeg_FullResolutionWithBoxesBurnedIn()
    {
        string camera = $$"""{ "name": "yard", "url": "{{video.H264}}", "loop": true, "detectFps": 5 }""";
        await using var agent = await AgentHarness.StartAsync(AgentHarness.AgentJson(Ports.Free(), embedded: true), ("yard", camera));
        var url = $"http://127.0.0.1:{agent.HttpPort}/cameras/yard/hls/index.m3u8";
        using var http = new HttpClient();
        await Task.Delay(3000); // tracks confirmed before the stream starts
        var first = await http.GetAsync(new Uri(url));
        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
        Assert.Contains("#EXTM3U", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // ffmpeg as the player: 45 frames at the camera's 640x360.
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-loglevel", "error", "-i", url, "-frames:v", "45", "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1" }) psi.ArgumentList.Add(a);
        using var player = Process.Start(psi)!;
        var err = player.StandardError.ReadToEndAsync();
        using var frames = new MemoryStream();
        await player.StandardOutput.BaseStream.CopyToAsync(frames);
        Assert.True(player.WaitForExit(60_000));
        const int size = 640 * 360 * 3;
        Assert.True(frames.Length == 45L * size, $"{frames.Length} bytes, expected 45 frames of 640x360: {await err}");
        // The boxes are drawn in magenta (BGR 255, 0, 255), a colour the clip does not have.
        var bytes = frames.ToArray();
        int withBoxes = 0;
        for (int f = 0; f < 45; f++)
        {
            int magenta = 0;
            for (int i = f * size; i < (f + 1) * size; i += 3)
                if (bytes[i] > 200 && bytes[i + 1] < 80 && bytes[i + 2] > 200) magenta++;
            if (magenta > 200) withBoxes++;
        }
        Assert.True(withBoxes >= 30, $"boxes burned into {withBoxes} of 45 frames");
    }

    [Fact]
    public async Task Hls_EncoderMissing_503NamesWhatIsMissing()
    {
        string camera = $$"""{ "name": "yard", "url": "{{video.H264}}", "loop": true, "detectFps": 5 }""";
        await using var agent = await AgentHarness.StartAsync(AgentHarness.AgentJson(Ports.Free(), embedded: true)
            .Replace("\"http\": { \"port\": 0 }", "\"http\": { \"port\": 0 }, \"liveView\": { \"hlsEncoder\": \"h264_nvenc\" }", StringComparison.Ordinal), ("yard", camera));
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri($"http://127.0.0.1:{agent.HttpPort}/cameras/yard/hls/index.m3u8"));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith("encoder h264_nvenc is not available on this box: it needs an NVIDIA GPU", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
