using System.Diagnostics;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Integration;

/// <summary>gst-rtsp-server killed and restarted, and paused (SIGSTOP) then resumed (SIGCONT), under the agent.</summary>
public class RtspRecoveryTests(SyntheticVideo video, ITestOutputHelper output) : IClassFixture<SyntheticVideo>
{
    private static string Camera(string url) => $$"""{ "name": "rtsp1", "url": "{{url}}", "detectFps": 15, "stallSeconds": 2, "reconnectMaxSeconds": 5 }""";

    [Fact]
    public async Task ServerKilledRestartedPaused_FramesBackWithin1_5sStallFiresLogsOnce()
    {
        using var server = new RtspServer(video.Path);
        await server.StartAsync();
        await using var agent = await AgentHarness.StartAsync(AgentHarness.AgentJson(Ports.Free(), embedded: true), ("rtsp1", Camera(server.Url)));
        var status = agent.Pipeline.Current.Single().Capture.Status;
        Assert.True(SpinWait.SpinUntil(() => status.FramesIn > 30, TimeSpan.FromSeconds(60)), "never streamed: " + server.Output);

        // Killed, away for 4 s (reconnect attempts are refused meanwhile), back on the same port.
        server.Stop();
        Assert.True(SpinWait.SpinUntil(() => status.State == RetinaNet.Edge.Cameras.CameraState.Reconnecting, TimeSpan.FromSeconds(10)));
        await Task.Delay(4000);
        using var again = new RtspServer(video.Path, server.Port);
        again.Start();
        await Ports.WaitListening(server.Port, TimeSpan.FromSeconds(15));
        var back = Stopwatch.StartNew();
        long before = status.FramesIn;
        Assert.True(SpinWait.SpinUntil(() => status.FramesIn > before, TimeSpan.FromSeconds(30)), "frames did not resume");
        double resumed = back.Elapsed.TotalSeconds;
        // What the camera itself needs: ffmpeg alone, from connecting to its first decoded frame (the server's GOP).
        var floor = Stopwatch.StartNew();
        using (var probe = Process.Start(new ProcessStartInfo("ffmpeg", ["-loglevel", "error", "-rtsp_transport", "tcp", "-fflags", "nobuffer", "-probesize", "32768", "-analyzeduration", "0", "-i", again.Url, "-frames:v", "1", "-f", "null", "-"]) { RedirectStandardError = true })!)
            probe.WaitForExit(20_000);
        double cameraFloor = floor.Elapsed.TotalSeconds;

        // Paused: the stream stops without the connection closing; the agent's stall timer restarts the source.
        await Task.Delay(1500);
        long beforePause = status.FramesIn;
        again.Pause();
        var paused = Stopwatch.StartNew();
        Assert.True(SpinWait.SpinUntil(() => agent.Logs.GetSnapshot().Any(r => r.Message.Contains("no frame for", StringComparison.Ordinal)), TimeSpan.FromSeconds(15)), "stall never noticed");
        double stallNoticed = paused.Elapsed.TotalSeconds;
        again.Resume();
        var resumedAt = Stopwatch.StartNew();
        Assert.True(SpinWait.SpinUntil(() => status.FramesIn > beforePause + 5 && status.State == RetinaNet.Edge.Cameras.CameraState.Streaming, TimeSpan.FromSeconds(30)), "no frames after SIGCONT");
        double afterResume = resumedAt.Elapsed.TotalSeconds;
        // Frames buffered before the pause can satisfy the wait above before the restarted source logs its recovery.
        SpinWait.SpinUntil(() => agent.Logs.GetSnapshot().Count(r => r.Message.Contains("rtsp1", StringComparison.Ordinal) && r.Message.Contains("streaming again", StringComparison.Ordinal)) >= 2, TimeSpan.FromSeconds(15));

        var logs = agent.Logs.GetSnapshot().Select(r => r.Message).Where(m => m.Contains("rtsp1", StringComparison.Ordinal)).ToList();
        output.WriteLine($"frames again {resumed:F2} s after the RTSP server returned (ffmpeg alone, same flags, needs {cameraFloor:F2} s to a first decoded frame from it); stall noticed {stallNoticed:F2} s after SIGSTOP (stallSeconds 2); frames {afterResume:F2} s after SIGCONT");
        output.WriteLine(string.Join("\n", logs));
        // 1.3–1.4 s on an idle machine (the 1.5 s target); the parallel suite's load can add a few tenths, so the test
        // allows 0.8 s over what ffmpeg alone needs from the same server (the old reconnect schedule took 2.6–2.8 s).
        Assert.True(resumed <= Math.Max(1.5, cameraFloor + 0.8), $"frames came back {resumed:F2} s after the server returned (camera floor {cameraFloor:F2} s)");
        Assert.InRange(stallNoticed, 1.5, 4);
        Assert.Single(logs, m => m.Contains("no frame for", StringComparison.Ordinal));
        Assert.Equal(2, logs.Count(m => m.Contains("interrupted", StringComparison.Ordinal) || m.Contains("no frame for", StringComparison.Ordinal)));
        Assert.True(logs.Count(m => m.Contains("streaming again", StringComparison.Ordinal)) == 2, "recovery logged once per interruption");
    }
}
