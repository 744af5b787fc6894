using Microsoft.Data.Sqlite;
using RetinaNet.Edge.Publishing.Outbox;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Integration;

/// <summary>The agent process is killed with SIGKILL in the middle of a broker outage and started again before the
/// broker returns: what the first process produced waits in its outbox file and is delivered by the second, and the
/// tracks open at the kill are ended by the second at its start (<c>"reason": "restart"</c>).</summary>
public class AgentKillTests(SyntheticVideo video, ITestOutputHelper output) : IClassFixture<SyntheticVideo>
{
    [Fact]
    public async Task Outage_AgentKilledAndRestarted_NoEventLostAndTrackIdsNeverRepeat()
    {
        using var broker = new Mosquitto(persistence: true);
        await broker.StartAsync();
        await using var sub = await MqttCollector.ConnectAsync(broker.Port, "test/cameras/+/events", persistentSession: true);
        var dir = RepoPaths.TempFolder("agent-kill");
        Directory.CreateDirectory(Path.Combine(dir, "cameras"));
        var state = Path.Combine(dir, "state");
        File.WriteAllText(Path.Combine(dir, "agent.json"), AgentHarness.AgentJson(broker.Port, trackingExtra: ", \"updateIntervalSeconds\": 0.1"));
        File.WriteAllText(Path.Combine(dir, "cameras", "cam1.json"), BrokerOutageTests.BusyCamera(video));
        var config = Path.Combine(dir, "agent.json");

        using var first = new AgentProcess(config);
        first.Start();
        Assert.True(await sub.WaitFor(s => s.Events().Count() >= 50, TimeSpan.FromSeconds(60)), "no events from the first process: " + first.Output);
        await sub.PauseAsync();
        broker.StopGracefully();
        await Task.Delay(TimeSpan.FromSeconds(30));
        var firstOutput = first.Output;
        first.KillHard();
        var (seqAtKill, pendingAtKill) = ReadOutbox(state);

        using var second = new AgentProcess(config);
        second.Start();
        await Task.Delay(TimeSpan.FromSeconds(30));
        await broker.StartAsync();
        await sub.ResumeAsync();
        Assert.True(await sub.WaitFor(s => DeliveryCheck.Of(s.Events(), "cam1", seqAtKill).Missing.Count == 0, TimeSpan.FromSeconds(60)),
            "the killed process's events were not delivered: " + DeliveryCheck.Of(sub.Events(), "cam1", seqAtKill) + "\nfirst process:\n" + Problems(firstOutput) + "\nsecond process:\n" + Problems(second.Output) + "\nbroker:\n" + broker.Output);
        await Task.Delay(TimeSpan.FromSeconds(3));
        second.Terminate();
        var (lastSeq, pendingAtEnd) = ReadOutbox(state);
        await sub.WaitFor(s => DeliveryCheck.Of(s.Events(), "cam1", lastSeq).Missing.Count == 0, TimeSpan.FromSeconds(10));

        var check = DeliveryCheck.Of(sub.Events(), "cam1", lastSeq);
        var events = sub.Events().Where(e => e.GetProperty("camera").GetString() == "cam1").ToList();
        int maxFirstRun = events.Where(e => e.GetProperty("seq").GetInt64() <= seqAtKill).Max(e => e.GetProperty("trackId").GetInt32());
        static bool RestartEnd(System.Text.Json.JsonElement e) => e.GetProperty("type").GetString() == "end" && e.TryGetProperty("reason", out var r) && r.GetString() == "restart";
        int minSecondRun = events.Where(e => e.GetProperty("seq").GetInt64() > seqAtKill && !RestartEnd(e)).Min(e => e.GetProperty("trackId").GetInt32());
        // Every track the killed run opened is ended: by that run, or at the next start with "reason": "restart".
        var opened = events.Where(e => e.GetProperty("seq").GetInt64() <= seqAtKill && e.GetProperty("type").GetString() == "new").Select(e => e.GetProperty("trackId").GetInt32()).ToHashSet();
        var ended = events.Where(e => e.GetProperty("type").GetString() == "end").Select(e => e.GetProperty("trackId").GetInt32()).ToHashSet();
        var restartEnds = events.Where(RestartEnd).Select(e => e.GetProperty("trackId").GetInt32()).ToList();
        output.WriteLine($"killed with {pendingAtKill} events in the outbox (seq {seqAtKill}); second run ended at seq {lastSeq} with {pendingAtEnd} pending; {check}; " +
                         $"track ids: first run up to {maxFirstRun}, second run from {minSecondRun}; {opened.Count} tracks opened by the first run, {restartEnds.Count} ended at the restart");
        Assert.True(pendingAtKill > 100, $"only {pendingAtKill} events waited at the kill");
        Assert.Empty(check.Missing);
        Assert.True(check.InOrder);
        Assert.True(check.DuplicatesKeepId);
        Assert.Equal(0, pendingAtEnd);
        Assert.True(minSecondRun > maxFirstRun, $"track ids repeat: first run up to {maxFirstRun}, second from {minSecondRun}");
        Assert.Empty(opened.Except(ended));
        Assert.NotEmpty(restartEnds); // a busy camera always has tracks open at the kill
        Assert.All(restartEnds, id => Assert.True(opened.Contains(id), $"track {id} ended at the restart was never opened"));
        Assert.Equal(restartEnds.Count, restartEnds.Distinct().Count());
    }

    private static string Problems(string output) => string.Join('\n', output.Split('\n').Where(l => l.Contains("warn", StringComparison.Ordinal) || l.Contains("fail", StringComparison.Ordinal) || l.Contains("rejected", StringComparison.Ordinal)).Take(40));

    private static (long Seq, long Pending) ReadOutbox(string stateFolder)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(stateFolder, SqliteOutbox.FileName)};Pooling=False;Mode=ReadOnly");
        c.Open();
        return (OutboxSchema.Scalar(c, "SELECT coalesce(max(seq), 0) FROM cameras WHERE name = 'cam1'"), OutboxSchema.Scalar(c, "SELECT count(*) FROM outbox"));
    }
}
