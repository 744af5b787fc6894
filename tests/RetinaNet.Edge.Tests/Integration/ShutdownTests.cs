using System.Text.Json;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Integration;

/// <summary>SIGTERM to the agent process while a dashboard holds the SSE event feed and an MJPEG live view open.</summary>
public class ShutdownTests(SyntheticVideo video, ITestOutputHelper output) : IClassFixture<SyntheticVideo>
{
    [Fact]
    public async Task Sigterm_SseAndMjpegClientsOpen_ExitsZeroWithin5sTracksEndedOfflinePublished()
    {
        using var broker = new Mosquitto();
        await broker.StartAsync();
        await using var sub = await MqttCollector.ConnectAsync(broker.Port, "test/#");
        var dir = RepoPaths.TempFolder("shutdown");
        Directory.CreateDirectory(Path.Combine(dir, "cameras"));
        int http = Ports.Free();
        File.WriteAllText(Path.Combine(dir, "agent.json"), AgentHarness.AgentJson(broker.Port).Replace("\"http\": { \"port\": 0 }", $"\"http\": {{ \"port\": {http} }}", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(dir, "cameras", "cam1.json"), $$"""{ "name": "cam1", "url": "{{video.Path}}", "loop": true, "realTime": true, "detectFps": 10 }""");
        using var agent = new AgentProcess(Path.Combine(dir, "agent.json"));
        agent.Start();
        Assert.True(await sub.WaitFor(s => s.Events("new").Any(), TimeSpan.FromSeconds(60)), "no events: " + agent.Output);

        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var sse = await client.GetAsync(new Uri($"http://127.0.0.1:{http}/api/events"), HttpCompletionOption.ResponseHeadersRead);
        using var mjpeg = await client.GetAsync(new Uri($"http://127.0.0.1:{http}/cameras/cam1/mjpeg"), HttpCompletionOption.ResponseHeadersRead);
        long sseBytes = 0, mjpegBytes = 0;
        var readers = new[] { Drain(sse, b => Interlocked.Add(ref sseBytes, b)), Drain(mjpeg, b => Interlocked.Add(ref mjpegBytes, b)) };
        Assert.True(SpinWait.SpinUntil(() => Interlocked.Read(ref sseBytes) > 0 && Interlocked.Read(ref mjpegBytes) > 10_000, TimeSpan.FromSeconds(20)), "streams not flowing");

        var (code, took) = agent.Terminate(TimeSpan.FromSeconds(20));
        output.WriteLine($"SIGTERM with SSE and MJPEG clients: exit {code?.ToString() ?? "killed"} after {took.TotalSeconds:F2} s");
        Assert.Equal(0, code);
        Assert.True(took < TimeSpan.FromSeconds(5), $"exit took {took.TotalSeconds:F1} s");
        Assert.DoesNotContain("Segmentation fault", agent.Output, StringComparison.Ordinal);
        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(5)); // both streams were closed by the server

        await sub.WaitFor(s => s.Messages.Any(m => m.Topic == "test/availability" && m.Payload == "offline"), TimeSpan.FromSeconds(5));
        Assert.Contains(sub.Messages, m => m.Topic == "test/availability" && m.Payload == "offline");
        var events = sub.Events().ToList();
        var opened = events.Where(e => e.GetProperty("type").GetString() == "new").Select(e => e.GetProperty("trackId").GetInt32()).ToHashSet();
        var ended = events.Where(e => e.GetProperty("type").GetString() == "end").Select(e => e.GetProperty("trackId").GetInt32()).ToHashSet();
        Assert.Empty(opened.Except(ended)); // every open track got its end
    }

    private static Task Drain(HttpResponseMessage response, Action<long> read) => Task.Run(async () =>
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[65536];
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0) read(n);
        }
        catch (IOException) { /* connection closed by the stopping server */ }
        catch (HttpRequestException) { }
    });
}
