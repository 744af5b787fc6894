using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using RetinaNet.Edge.Tracking;

namespace RetinaNet.Edge.Tests.Pipeline;

/// <summary>Faults injected into the real agent (file camera, embedded broker): a detector that throws an unknown
/// exception type on every batch or hangs, a tracker and a sink that throw now and then.</summary>
[Collection("integration")]
public class SupervisionTests(SyntheticVideo video)
{
    private string Camera => $$"""{ "name": "cam1", "url": "{{video.Path}}", "loop": true, "realTime": true, "detectFps": 10 }""";
    private static string Json(int port) => AgentHarness.AgentJson(port, embedded: true).Replace("\"maxBatch\": 4", "\"maxBatch\": 4, \"stallSeconds\": 5", StringComparison.Ordinal);

    private sealed class RecordingNotifier : ISystemdNotifier
    {
        public List<string> Sent { get; } = [];
        public bool IsEnabled => true;
        public void Notify(ServiceState state) { lock (Sent) Sent.Add(state.ToString()); }
        public int Pings { get { lock (Sent) return Sent.Count(s => s == "WATCHDOG=1"); } }
    }

    private static Action<IHostApplicationBuilder, RetinaNet.Edge.Configuration.AgentConfig> WithDetector(Func<IDetector, FaultyDetector> make, List<FaultyDetector> made) => (b, config) =>
        b.Services.AddSingleton<IDetector>(_ =>
        {
            var d = make(RetinaNet.Edge.Hosting.ToolHost.Detector(config, NullLogger.Instance));
            made.Add(d);
            return d;
        });

    [Fact]
    public async Task Detector_ThrowsUnknownExceptionEveryBatch_ContainedRateLimitedThenFatalAndWatchdogStops()
    {
        var made = new List<FaultyDetector>();
        Environment.SetEnvironmentVariable("WATCHDOG_USEC", "400000");
        try
        {
            await using var agent = await AgentHarness.StartAsync(Json(Ports.Free()), WithDetector(d => new FaultyDetector(d, hang: false), made), ("cam1", Camera));
            var notifier = new RecordingNotifier();
            using var watchdog = new WatchdogService(notifier, agent.Services.GetRequiredService<Readiness>(), NullLogger<WatchdogService>.Instance);
            await watchdog.StartAsync(CancellationToken.None);
            var readiness = agent.Services.GetRequiredService<Readiness>();
            // Both rules see it after stallSeconds: every batch fails, and frames arrive while none is processed.
            Assert.True(SpinWait.SpinUntil(() => readiness.Fatal().Any(p => p.Contains("failed every batch", StringComparison.Ordinal) && p.Contains("GremlinException", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(20)), "never fatal: " + string.Join("; ", readiness.Fatal()));
            int pings = notifier.Pings;
            await Task.Delay(1500);
            Assert.Equal(pings, notifier.Pings); // no more pings: systemd will restart the service
            await watchdog.StopAsync(CancellationToken.None);

            Assert.True(made[0].Runs > 20, $"only {made[0].Runs} runs: the loop stopped");
            var errorLines = agent.Logs.GetSnapshot().Count(r => r.Message.Contains("GremlinException", StringComparison.Ordinal));
            Assert.InRange(errorLines, 1, 3); // rate-limited: one line per 10 s, not one per batch
            using var http = new HttpClient();
            var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{agent.HttpPort}/readyz"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("failed every batch", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally { Environment.SetEnvironmentVariable("WATCHDOG_USEC", null); }
    }

    [Fact]
    public async Task Detector_Hangs_StallDetectedAndStopDoesNotWaitForIt()
    {
        var made = new List<FaultyDetector>();
        var agent = await AgentHarness.StartAsync(Json(Ports.Free()), WithDetector(d => new FaultyDetector(d, hang: true), made), ("cam1", Camera));
        try
        {
            var readiness = agent.Services.GetRequiredService<Readiness>();
            Assert.True(SpinWait.SpinUntil(() => readiness.Fatal().Count > 0, TimeSpan.FromSeconds(25)), "hang never detected");
            Assert.Contains(readiness.Fatal(), p => p.Contains("none was processed", StringComparison.Ordinal));
            var clock = Stopwatch.StartNew();
            await agent.StopAsync();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(9), $"stop took {clock.Elapsed.TotalSeconds:F1} s");
            Assert.Contains(agent.Logs.GetSnapshot(), r => r.Message.Contains("did not stop within 5 s", StringComparison.Ordinal));
        }
        finally
        {
            made.ForEach(d => d.Release.Set());
            await agent.DisposeAsync();
        }
    }

    [Fact]
    public async Task TrackerAndSink_ThrowSometimes_FramesGoOnErrorsCountedInStatus()
    {
        await using var agent = await AgentHarness.StartAsync(Json(Ports.Free()), (b, _) =>
        {
            b.Services.AddSingleton<ITrackerFactory>(new FaultyTrackerFactory(every: 7));
            b.Services.Decorate<IEventHistory, FaultySink>(); // as Web decorates it: the sink's every 5th event throws
        }, ("cam1", Camera));
        var cam = agent.Pipeline.Current.Count > 0 ? agent.Pipeline.Current[0] : null;
        Assert.True(SpinWait.SpinUntil(() => agent.Pipeline.Current.Count > 0 && agent.Pipeline.Current[0].Errors >= 3 && agent.Pipeline.Current[0].FramesProcessed > 40, TimeSpan.FromSeconds(30)));
        cam = agent.Pipeline.Current[0];
        Assert.Contains("GremlinException", cam.Snapshot().ToString(), StringComparison.Ordinal);
        Assert.Empty(agent.Services.GetRequiredService<Readiness>().Fatal());
    }
}
