using System.Collections.Concurrent;

namespace RetinaNet.Edge.Publishing;

/// <summary>State, not history: the latest value of every retained topic (status, counts, zone counts, line
/// counters, stats, discovery, snapshots), kept in memory. A topic whose value changed is queued once however often
/// it changes; after every reconnect all topics are republished. State never takes room from an event.</summary>
internal sealed class RetainedState
{
    private readonly ConcurrentDictionary<string, RetainedValue> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _dirty = new();
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);

    public int Count => _values.Count;
    public int DirtyCount => _queued.Count;

    /// <summary>Raised when a value changed (the publisher wakes up).</summary>
    public event Action? Changed;

    public void Set(string topic, byte[] payload, uint expirySeconds = 0)
    {
        _values[topic] = new RetainedValue(topic, payload, expirySeconds);
        MarkDirty(topic);
        Changed?.Invoke();
    }

    /// <summary>Every retained topic <paramref name="match"/> accepts gets an empty payload — which deletes a retained
    /// message at the broker (a removed camera's status, counts and discovery entries).</summary>
    public void Clear(Func<string, bool> match)
    {
        foreach (var topic in _values.Keys.Where(match).ToList()) Set(topic, []);
    }

    /// <summary>The next topic to (re)publish with its current value.</summary>
    public bool TryTakeDirty(out RetainedValue value)
    {
        while (_dirty.TryDequeue(out var topic))
        {
            _queued.TryRemove(topic, out _);
            if (_values.TryGetValue(topic, out value!)) return true;
        }
        value = null!;
        return false;
    }

    /// <summary>After a reconnect: every topic is published again.</summary>
    public void MarkAllDirty()
    {
        foreach (var topic in _values.Keys) MarkDirty(topic);
    }

    public void MarkDirty(string topic)
    {
        if (_queued.TryAdd(topic, 0)) _dirty.Enqueue(topic);
    }
}

internal sealed record RetainedValue(string Topic, byte[] Payload, uint ExpirySeconds);
