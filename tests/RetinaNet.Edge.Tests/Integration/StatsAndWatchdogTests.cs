using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Systemd;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Tests.Integration.Fixtures;

namespace RetinaNet.Edge.Tests.Integration;

[Collection("integration")]
public class StatsAndWatchdogTests(SyntheticVideo video)
{
    [Fact]
    public async Task Stats_RetainedEveryInterval_WithCamerasAndQueue()
    {
        int port = Ports.Free();
        var json = AgentHarness.AgentJson(port, embedded: true).Replace("\"topicPrefix\": \"test\"", "\"topicPrefix\": \"test\", \"statsIntervalSeconds\": 1", StringComparison.Ordinal);
        await using var agent = await AgentHarness.StartAsync(json, ("cam1", $$"""{ "name": "cam1", "url": "{{video.Path}}", "loop": true }"""));
        await using var sub = await MqttCollector.ConnectAsync(port, "test/stats");
        Assert.True(await sub.WaitFor(s => s.Messages.Count >= 2, TimeSpan.FromSeconds(20)));
        var last = System.Text.Json.JsonDocument.Parse(sub.Messages.Last().Payload).RootElement;
        Assert.Equal("cam1", last.GetProperty("cameras")[0].GetProperty("camera").GetString());
        Assert.True(last.GetProperty("process").GetProperty("rssMiB").GetDouble() > 10);
        Assert.Equal("cpu", last.GetProperty("executionProvider").GetString());
    }

    private sealed class RecordingNotifier : ISystemdNotifier
    {
        public List<string> Sent { get; } = [];
        public bool IsEnabled => true;
        public void Notify(ServiceState state) { lock (Sent) Sent.Add(state.ToString()); }
    }

    [Fact]
    public async Task Watchdog_UnderSystemd_PingsAndReportsReadiness()
    {
        Environment.SetEnvironmentVariable("WATCHDOG_USEC", "400000"); // WatchdogSec=0.4 → a ping every 0.2 s
        try
        {
            int port = Ports.Free();
            await using var agent = await AgentHarness.StartAsync(AgentHarness.AgentJson(port, embedded: true), ("cam1", $$"""{ "name": "cam1", "url": "{{video.Path}}", "loop": true }"""));
            var notifier = new RecordingNotifier();
            using var watchdog = new WatchdogService(notifier, agent.Services.GetRequiredService<Readiness>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<WatchdogService>.Instance);
            await watchdog.StartAsync(CancellationToken.None);
            await Task.Delay(3000);
            await watchdog.StopAsync(CancellationToken.None);
            lock (notifier.Sent)
            {
                Assert.True(notifier.Sent.Count(s => s == "WATCHDOG=1") >= 5);
                Assert.Contains("STATUS=ready", notifier.Sent);
            }
        }
        finally { Environment.SetEnvironmentVariable("WATCHDOG_USEC", null); }
    }
}
