using System.Net.WebSockets;
using System.Text;
using RetinaNet.Edge.Tests.Integration.Fixtures;

namespace RetinaNet.Edge.Tests.Web;

/// <summary><c>/cameras/NAME/live</c> against a real RTSP camera (gst-rtsp-server): authentication and origin, what
/// the messages carry (and never: the camera's URL or password), ten viewers on one remux.</summary>
[Collection("integration")]
public class LiveEndpointTests(SyntheticVideo video)
{
    private sealed record Received(List<string> Texts, List<byte[]> Video);

    private static async Task<Received> Watch(Uri uri, TimeSpan howLong, int fragments)
    {
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(uri, CancellationToken.None);
        var got = new Received([], []);
        using var stop = new CancellationTokenSource(howLong);
        var buffer = new byte[4 << 20];
        try
        {
            while (got.Video.Count < fragments)
            {
                int n = 0;
                ValueWebSocketReceiveResult r;
                do { r = await ws.ReceiveAsync(buffer.AsMemory(n), stop.Token).AsTask(); n += r.Count; } while (!r.EndOfMessage);
                if (r.MessageType == WebSocketMessageType.Text) got.Texts.Add(Encoding.UTF8.GetString(buffer, 0, n));
                else got.Video.Add(buffer[..n]);
            }
        }
        catch (OperationCanceledException) { }
        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        return got;
    }

    [Fact]
    public async Task Live_RtspCameraWithToken_VideoAndBoxesNoSecretsCrossOriginRefused()
    {
        using var server = new RtspServer(video.Path);
        await server.StartAsync();
        string url = $"rtsp://viewer:hunter2@127.0.0.1:{server.Port}/test";
        string camera = $$"""{ "name": "gate", "url": "{{url}}", "detectFps": 5 }""";
        await using var agent = await AgentHarness.StartAsync(AgentHarness.AgentJson(Ports.Free(), embedded: true)
            .Replace("\"http\": { \"port\": 0 }", "\"http\": { \"port\": 0, \"token\": \"tok3n\" }", StringComparison.Ordinal), ("gate", camera));
        var live = $"ws://127.0.0.1:{agent.HttpPort}/cameras/gate/live";

        // No token: refused at the handshake. Another site's page (Origin) with the token: refused too.
        using (var anonymous = new ClientWebSocket())
            await Assert.ThrowsAsync<WebSocketException>(() => anonymous.ConnectAsync(new Uri(live), CancellationToken.None));
        using (var crossSite = new ClientWebSocket())
        {
            crossSite.Options.SetRequestHeader("Origin", "http://evil.example");
            var e = await Assert.ThrowsAsync<WebSocketException>(() => crossSite.ConnectAsync(new Uri(live + "?token=tok3n"), CancellationToken.None));
            Assert.Contains("403", e.Message, StringComparison.Ordinal);
        }
        using (var sameSite = new ClientWebSocket())
        {
            sameSite.Options.SetRequestHeader("Origin", $"http://127.0.0.1:{agent.HttpPort}");
            await sameSite.ConnectAsync(new Uri(live + "?token=tok3n"), CancellationToken.None);
            await sameSite.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }

        // Ten viewers at once: each gets the init segment and a stream of frames; the camera is still opened once.
        var viewers = Enumerable.Range(0, 10).Select(_ => Watch(new Uri(live + "?token=tok3n"), TimeSpan.FromSeconds(30), 46)).ToArray();
        var all = await Task.WhenAll(viewers);
        foreach (var got in all)
        {
            Assert.Equal("ftyp", Encoding.ASCII.GetString(got.Video[0], 4, 4));
            Assert.True(got.Video.Count >= 46, $"{got.Video.Count} video messages");
            Assert.All(got.Video.Skip(1), v => Assert.Equal("moof", Encoding.ASCII.GetString(v, 4, 4)));
            Assert.Contains(got.Texts, t => t.Contains("\"type\":\"hello\"", StringComparison.Ordinal) && t.Contains("\"codec\":\"avc1.", StringComparison.Ordinal));
            var boxes = got.Texts.Where(t => t.Contains("\"type\":\"boxes\"", StringComparison.Ordinal)).ToList();
            Assert.True(boxes.Count >= 5, $"{boxes.Count} boxes messages in {got.Video.Count} frames");
            Assert.All(got.Texts, t =>
            {
                Assert.DoesNotContain("hunter2", t, StringComparison.Ordinal);
                Assert.DoesNotContain("rtsp:", t, StringComparison.Ordinal);
                Assert.DoesNotContain(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), t, StringComparison.Ordinal);
            });
        }
        int decoders = System.Diagnostics.Process.GetProcessesByName("ffmpeg").Count(p =>
        {
            try { return File.ReadAllText($"/proc/{p.Id}/cmdline").Contains($":{server.Port}/", StringComparison.Ordinal); }
            catch (IOException) { return false; }
        });
        Assert.Equal(1, decoders);
    }
}
