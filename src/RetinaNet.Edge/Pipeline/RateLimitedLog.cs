using Microsoft.Extensions.Logging;

namespace RetinaNet.Edge.Pipeline;

/// <summary>Logs a recurring error the first time and then at most once per <paramref name="interval"/> per key,
/// with the number of occurrences in between, so that an error on every frame does not flood the journal.</summary>
internal sealed class RateLimitedLog(ILogger logger, TimeProvider time, TimeSpan interval)
{
    private readonly Dictionary<string, (DateTimeOffset Last, long Suppressed)> _keys = [];
    private readonly Lock _lock = new();

    public void Error(string key, Exception e, string what)
    {
        long suppressed;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_keys.TryGetValue(key, out var k) && now - k.Last < interval)
            {
                _keys[key] = (k.Last, k.Suppressed + 1);
                return;
            }
            suppressed = k.Suppressed;
            _keys[key] = (now, 0);
        }
        Log.StageError(logger, what, e.GetType().Name, e.Message, suppressed, e);
    }
}
