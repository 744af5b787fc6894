using Microsoft.Extensions.Logging;

namespace RetinaNet.Edge.Pipeline;

/// <summary>Logs a recurring error the first time and then at most once per <paramref name="interval"/> per key,
/// with the number of occurrences in between, so that an error on every frame does not flood the journal.</summary>
internal sealed class RateLimitedLog(ILogger logger, TimeProvider time, TimeSpan interval)
{
    private readonly Common.LogThrottle _throttle = new(time, interval);

    public void Error(string key, Exception e, string what)
    {
        if (_throttle.TryPass(key, out long suppressed)) Log.StageError(logger, what, e.GetType().Name, e.Message, suppressed, e);
    }
}
