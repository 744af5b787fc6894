using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace RetinaNet.Edge.History;

/// <summary>Moves history entries off the inference thread: a bounded queue (full: the entry is dropped, counted and
/// logged once a minute — the events themselves still go out) drained in batches, one transaction each, by a
/// background thread that also forgets objects beyond the age and count limits once a minute. What is queued when the
/// agent stops is written before it ends.</summary>
internal sealed class HistoryWriter(HistoryStore store, IOptionsMonitor<HistoryOptions> options, HistoryMetrics metrics, TimeProvider time,
    ILogger<HistoryWriter> logger) : BackgroundService
{
    private const int Capacity = 8192;
    private readonly Channel<HistoryEntry> _queue = Channel.CreateBounded<HistoryEntry>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly List<HistoryEntry> _batch = new(256);
    private long _droppedSinceLog;

    public void Add(in HistoryEntry entry)
    {
        if (store.Problem is not null) return; // registered only with history.enabled
        if (_queue.Writer.TryWrite(entry)) return;
        metrics.Dropped();
        Interlocked.Increment(ref _droppedSinceLog);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextSweep = time.GetUtcNow();
        var reader = _queue.Reader;
        while (!stoppingToken.IsCancellationRequested)
        {
            // A wait that times out is cancelled (the channel forgets it), so an idle history leaves no waiter behind.
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), time))
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token))
            {
                try { await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested) { }
                catch (OperationCanceledException) { break; }
            }
            Drain(reader);
            if (time.GetUtcNow() >= nextSweep)
            {
                Sweep();
                nextSweep = time.GetUtcNow() + TimeSpan.FromMinutes(1);
            }
        }
        Drain(reader);
    }

    private void Drain(ChannelReader<HistoryEntry> reader)
    {
        while (true)
        {
            _batch.Clear();
            while (_batch.Count < 256 && reader.TryRead(out var e)) _batch.Add(e);
            if (_batch.Count == 0) return;
            try
            {
                store.Apply(_batch);
                metrics.Written(_batch.Count);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e) { Log.WriteFailed(logger, _batch.Count, e.Message); }
        }
    }

    private void Sweep()
    {
        if (Interlocked.Exchange(ref _droppedSinceLog, 0) is var dropped and > 0) Log.Dropped(logger, dropped, Capacity);
        var o = options.CurrentValue;
        try
        {
            int gone = store.Expire(time.GetUtcNow() - TimeSpan.FromHours(o.MaxAgeHours), o.MaxObjects);
            if (gone > 0) Log.Expired(logger, gone, o.MaxAgeHours, o.MaxObjects);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) { Log.WriteFailed(logger, 0, e.Message); }
    }
}
