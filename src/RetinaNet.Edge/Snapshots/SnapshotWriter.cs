using System.Threading.Channels;
using OpenCvSharp;
using RetinaNet.Edge.Events;

namespace RetinaNet.Edge.Snapshots;

/// <summary>The snapshot writer: a bounded queue (16 snapshots; full means dropped and counted) drained by one task that
/// encodes the JPEGs, writes and retires files, and publishes the crop as retained state when <c>snapshots.mqtt</c>.
/// The inference thread only copies the (working-size) frame; the writer takes the camera's full-resolution frame from
/// <see cref="IFullFrames"/> when it has it (decoded from the kept compressed video, once per snapshot).</summary>
internal sealed class SnapshotWriter : BackgroundService, ISnapshotQueue
{
    private readonly Channel<(Mat Image, TrackEvent Event, string Name, double Pts)> _queue =
        Channel.CreateBounded<(Mat, TrackEvent, string, double)>(new BoundedChannelOptions(16) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly IFullFrames? _full;
    private readonly SnapshotStore _store;
    private readonly SnapshotOptions _options;
    private readonly IRetainedState _state;
    private readonly SnapshotMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Common.LogThrottle _warnings;

    /// <param name="full">Full-resolution frames (the live view's kept video); without it, or when it has none for the
    /// frame, the snapshot is the working-size frame the detector took.</param>
    public SnapshotWriter(SnapshotStore store, Microsoft.Extensions.Options.IOptions<SnapshotOptions> options, IRetainedState state, SnapshotMetrics metrics, ILogger<SnapshotWriter> logger, TimeProvider time,
        IEnumerable<IFullFrames> full)
    {
        _full = full.FirstOrDefault();
        _store = store;
        _options = options.Value;
        _state = state;
        _metrics = metrics;
        _logger = logger;
        _warnings = new Common.LogThrottle(time, TimeSpan.FromSeconds(10));
    }

    public long Dropped => _metrics.TotalDropped;
    public long Failed => _metrics.TotalFailed;

    public string? TryEnqueue(Capture.Frame frame, TrackEvent e)
    {
        if (!_options.Enabled) return null;
        var (name, url) = _store.NameFor(e);
        var copy = frame.Image.Clone();
        if (_queue.Writer.TryWrite((copy, e, name, frame.Pts))) return url;
        copy.Dispose();
        long dropped = _metrics.Dropped();
        if (_warnings.TryPass("queue", out _)) Log.QueueFull(_logger, dropped);
        return null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (image, e, name, pts) in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                Write(image, e, name, pts);
        }
        catch (OperationCanceledException) { }
    }

    private void Write(Mat image, TrackEvent e, string name, double pts)
    {
        Mat? full = null;
        try
        {
            full = _full?.Decode(e.Camera, pts);
            if (full is not null) _metrics.FullResolution();
            var crop = _store.Write(full ?? image, e, name);
            _metrics.Written();
            if (crop is not null && _options.Mqtt) _state.PublishSnapshot(e.Camera, crop);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OpenCVException)
        {
            // A full or read-only disk loses snapshots, never events or detection.
            long failed = _metrics.Failed();
            if (_warnings.TryPass("write", out _)) Log.WriteFailed(_logger, e.Camera, ex.Message, failed);
        }
        finally { image.Dispose(); full?.Dispose(); }
    }

    /// <summary>Writes what is queued (the events that name these files are already out), then stops.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var item)) Write(item.Image, item.Event, item.Name, item.Pts);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
