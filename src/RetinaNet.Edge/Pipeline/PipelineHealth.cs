namespace RetinaNet.Edge.Pipeline;

/// <summary>Whether the pipeline's own loops are alive and making progress — what only a restart can fix, unlike a
/// camera that is away or a broker that is down. A loop that ended while the agent was not stopping, inference that
/// has failed every batch for <see cref="StallAfter"/>, or a camera whose frames keep arriving while none is
/// processed for that long is fatal: <c>/readyz</c> says why, and the systemd watchdog pings stop.</summary>
internal sealed class PipelineHealth(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Progress> _progress = [];

    /// <summary>A camera's counters when last seen and when each last changed.</summary>
    private sealed record Progress(long In, long Processed, DateTimeOffset InChanged, DateTimeOffset ProcessedChanged);
    private string? _loopEnded;
    private DateTimeOffset? _failingSince;
    private string? _lastBatchError;
    private long _batchesFailed;

    public TimeSpan StallAfter { get; init; } = TimeSpan.FromSeconds(30);
    public bool Stopping { get; set; }
    public long BatchesFailed => Interlocked.Read(ref _batchesFailed);

    public void LoopEnded(string loop, Exception? error)
    {
        if (Stopping && error is null) return;
        lock (_lock) _loopEnded ??= $"{loop} loop ended{(error is null ? "" : $": {error.GetType().Name}: {error.Message}")}";
    }

    public void BatchFailed(Exception e)
    {
        Interlocked.Increment(ref _batchesFailed);
        lock (_lock)
        {
            _failingSince ??= time.GetUtcNow();
            _lastBatchError = $"{e.GetType().Name}: {e.Message}";
        }
    }

    public void BatchSucceeded()
    {
        lock (_lock) _failingSince = null;
    }

    /// <summary>The fatal problems now; <paramref name="cameras"/> gives each camera's frames in and processed.</summary>
    public IReadOnlyList<string> Fatal(IEnumerable<(string Name, long FramesIn, long FramesProcessed)> cameras)
    {
        var now = time.GetUtcNow();
        var problems = new List<string>();
        lock (_lock)
        {
            if (_loopEnded is not null) problems.Add(_loopEnded);
            if (_failingSince is { } since && now - since >= StallAfter)
                problems.Add($"inference has failed every batch for {(now - since).TotalSeconds:F0} s: {_lastBatchError}");
            foreach (var (name, framesIn, processed) in cameras)
            {
                if (!_progress.TryGetValue(name, out var p)) p = new Progress(framesIn, processed, now, now);
                p = p with
                {
                    In = framesIn, Processed = processed,
                    InChanged = framesIn != p.In ? now : p.InChanged,
                    ProcessedChanged = processed != p.Processed ? now : p.ProcessedChanged,
                };
                _progress[name] = p;
                // Stalled: frames kept arriving after the last processed one, for the whole window (a camera that is
                // away sends nothing and is not an inference stall).
                if (now - p.ProcessedChanged >= StallAfter && p.InChanged > p.ProcessedChanged && now - p.InChanged < StallAfter)
                    problems.Add($"camera {name}: frames arrive but none was processed for {(now - p.ProcessedChanged).TotalSeconds:F0} s (inference or post-processing stalled)");
            }
        }
        return problems;
    }
}
