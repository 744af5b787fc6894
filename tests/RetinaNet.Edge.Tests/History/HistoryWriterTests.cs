using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RetinaNet.Edge.History;
using RetinaNet.Edge.Web;

namespace RetinaNet.Edge.Tests.History;

/// <summary>The writer on a real store: entries queued before and while it runs are written, the first sweep forgets
/// what is past the age limit, and what is queued when it stops is written before it ends.</summary>
public class HistoryWriterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    private sealed class Monitor(HistoryOptions value) : IOptionsMonitor<HistoryOptions>
    {
        public HistoryOptions CurrentValue => value;
        public HistoryOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<HistoryOptions, string?> listener) => null;
    }

    private static HistoryEntry Seen(int id, DateTimeOffset at, bool ended = true) => new("yard", id, "person", at, at, 0.7f, ended, null, null, null, null);

    [Fact]
    public async Task Run_EntriesBeforeWhileAndAtStop_WrittenAndTheOldForgotten()
    {
        var time = new FakeTimeProvider(T0);
        using var store = new HistoryStore(RepoPaths.TempFolder("history-writer"), time, NullLogger<HistoryStore>.Instance);
        using var meters = new TestMeters();
        var writer = new HistoryWriter(store, new Monitor(new HistoryOptions { MaxAgeHours = 24 }), new HistoryMetrics(meters.Factory), time, NullLogger<HistoryWriter>.Instance);
        var all = new ReviewFilter(null, null, null, null, null, 100);

        writer.Add(Seen(1, T0.AddHours(-30)));   // past the age limit: the first sweep forgets it
        writer.Add(Seen(2, T0.AddMinutes(-5)));
        await writer.StartAsync(CancellationToken.None);
        Assert.True(SpinWait.SpinUntil(() => store.Find(all).Select(o => o.TrackId).SequenceEqual([2]), TimeSpan.FromSeconds(10)), "not written, or the old one kept");

        writer.Add(Seen(3, T0, ended: false));
        Assert.True(SpinWait.SpinUntil(() => store.Find(all).Count == 2, TimeSpan.FromSeconds(10)), "an entry queued while running was not written");

        writer.Add(Seen(3, T0.AddSeconds(9)));   // its end, queued as the agent stops
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(T0.AddSeconds(9), store.Find(all).Single(o => o.TrackId == 3).End);
        writer.Dispose();
    }
}
