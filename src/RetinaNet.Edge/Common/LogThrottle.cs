namespace RetinaNet.Edge.Common;

/// <summary>Whether a recurring message may be logged now: the first time, then at most once per
/// <paramref name="interval"/> per key, with the number held back in between — so a message that comes with every
/// frame (a damaged stream, a full disk) does not flood the journal. Thread-safe; allocates nothing for a key seen before.</summary>
internal sealed class LogThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly Dictionary<string, (DateTimeOffset Last, long Held)> _keys = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>True when the message is to be logged now; <paramref name="held"/> is then how many of its kind were
    /// held back since the last one logged.</summary>
    public bool TryPass(string key, out long held)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_keys.TryGetValue(key, out var k) && now - k.Last < interval)
            {
                _keys[key] = (k.Last, k.Held + 1);
                held = 0;
                return false;
            }
            held = k.Held;
            _keys[key] = (now, 0);
            return true;
        }
    }
}
