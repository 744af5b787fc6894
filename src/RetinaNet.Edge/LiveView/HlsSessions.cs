using System.Collections.Concurrent;
using System.Diagnostics;

namespace RetinaNet.Edge.LiveView;

/// <summary>The annotated HLS streams: one <see cref="HlsSession"/> per camera while somebody fetches its playlist or
/// segments, stopped 30 s after the last request (a player fetches the playlist every second or so) and when the
/// agent stops. Nothing is decoded or encoded for a camera nobody plays.</summary>
internal sealed class HlsSessions(LiveVideoHub hub, Microsoft.Extensions.Options.IOptions<LiveViewOptions> options, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, HlsSession> _sessions = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"retinanet-edge-hls-{Environment.ProcessId}");

    /// <summary>The camera's running session (started if none), marked as used now.</summary>
    public HlsSession Touch(string camera)
    {
        var s = _sessions.GetOrAdd(camera, c => new HlsSession(c, hub, options.Value.HlsEncoder, Path.Combine(_root, c)));
        s.LastUsed = Stopwatch.GetTimestamp();
        return s;
    }

    /// <summary>Ends a camera's session (it failed; the next request starts a new one).</summary>
    public void End(string camera)
    {
        if (_sessions.TryRemove(camera, out var s)) s.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                foreach (var (camera, s) in _sessions)
                    if (Stopwatch.GetElapsedTime(s.LastUsed) > Idle) End(camera);
        }
        catch (OperationCanceledException) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var camera in _sessions.Keys) End(camera);
    }
}
