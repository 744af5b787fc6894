using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OpenCvSharp;
using Polly;
using Polly.Retry;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Cameras;

namespace RetinaNet.Edge.Capture;

/// <summary>Reads one camera on its own thread: opens the source through a Polly retry (exponential backoff with
/// jitter), restarts it on failure or stall, limits to the camera's detect fps, paces files at their native rate,
/// and writes frames into a bounded channel that drops (and counts) the oldest frame when inference lags.</summary>
internal sealed class CaptureWorker : IDisposable
{
    private readonly CameraOptions _camera;
    private readonly Func<IFrameSource> _sourceFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Action _frameAvailable;
    private readonly FramePool _pool = new();
    private readonly ResiliencePipeline _reconnect;
    private readonly bool _waitWhenFull;
    private Thread? _thread;

    private readonly CaptureMetrics? _metrics;

    public CaptureWorker(CameraOptions camera, Func<IFrameSource> sourceFactory, Action frameAvailable, ILogger logger, TimeProvider time, CaptureMetrics? metrics = null)
    {
        _metrics = metrics;
        _camera = camera;
        _sourceFactory = sourceFactory;
        _frameAvailable = frameAvailable;
        _logger = logger;
        _time = time;
        Status = new CameraStatus(camera.Name);
        // Live sources drop the oldest frame when inference lags (real time); unpaced files wait instead, so that
        // every sampled frame of the file is processed (benchmarks, evaluation).
        _waitWhenFull = !camera.RealTime && FrameSourceFactory.IsFile(camera.Url);
        Frames = Channel.CreateBounded<Frame>(new BoundedChannelOptions(camera.QueueCapacity)
        {
            FullMode = _waitWhenFull ? BoundedChannelFullMode.Wait : BoundedChannelFullMode.DropOldest,
            SingleReader = false,
            SingleWriter = true,
        }, dropped => { Status.FrameDropped(); dropped.Release(); });
        _reconnect = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<CaptureException>(),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(0.5),
            MaxDelay = TimeSpan.FromSeconds(camera.ReconnectMaxSeconds),
            // Refused: nothing listens yet; retrying costs nothing, so a camera that comes back is used at once.
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Exception is CaptureException { Refused: true } ? TimeSpan.FromSeconds(0.05) : null),
            OnRetry = args =>
            {
                Status.Reconnected();
                var reason = args.Outcome.Exception?.Message ?? "failed";
                Status.SetState(CameraState.Reconnecting, reason);
                if (reason != _lastReconnectReason) Log.Reconnecting(_logger, _camera.Name, reason, args.RetryDelay.TotalSeconds, args.AttemptNumber + 1); // once per change of reason
                _lastReconnectReason = reason;
                return default;
            },
        }).Build();
        metrics?.Add(this);
    }

    public CameraStatus Status { get; }
    public Channel<Frame> Frames { get; }
    public CameraOptions Camera => _camera;

    public void Start(CancellationToken stopping)
    {
        _thread = new Thread(() => Run(stopping)) { IsBackground = true, Name = "capture-" + _camera.Name };
        _thread.Start();
    }

    /// <summary>True once the capture thread has ended (only then may the worker be disposed).</summary>
    public bool Join(TimeSpan timeout) => _thread is null || _thread.Join(timeout);

    private void Run(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                using var source = _sourceFactory();
                using var interrupt = stopping.Register(source.Interrupt);
                try
                {
                    _reconnect.Execute(ct => source.Open(ct), stopping);
                }
                catch (OperationCanceledException) { break; }
                bool ended = Stream(source, stopping);
                if (ended) { Status.SetState(CameraState.Ended); Log.EndOfFile(_logger, _camera.Name); break; }
                if (!stopping.IsCancellationRequested)
                {
                    _interruptedAt ??= _time.GetUtcNow();
                    var why = _stalledLast ? $"no frame for {_camera.StallSeconds:F0} s" : "stream interrupted";
                    if (!_stalledLast) Log.Interrupted(_logger, _camera.Name, source.LastProblem ?? "the source ended the stream");
                    Status.Reconnected();
                    Status.SetState(CameraState.Reconnecting, why);
                }
            }
        }
        finally
        {
            Frames.Writer.TryComplete();
            if (Status.State != CameraState.Ended) Status.SetState(CameraState.Stopped);
        }
    }

    /// <summary>Reads until the source fails or stalls (false) or a file ends (true).</summary>
    private bool Stream(IFrameSource source, CancellationToken stopping)
    {
        long index = 0;
        long start = _time.GetTimestamp();
        double detectInterval = 1.0 / _camera.DetectFps;
        double nextDetect = 0;
        double fileFps = source.IsFile ? source.Fps : 0;
        using var stall = _time.CreateTimer(_ => OnStall(source), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var stallAfter = TimeSpan.FromSeconds(_camera.StallSeconds);
        var frame = _pool.Rent();
        bool first = true;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                stall.Change(stallAfter, Timeout.InfiniteTimeSpan);
                if (!source.Read(frame.Image)) return source.IsFile && !_stalled;
                Status.FrameIn();
                if (first)
                {
                    first = false;
                    Status.Width = source.LastFrame?.SourceWidth ?? frame.Image.Width;
                    Status.Height = source.LastFrame?.SourceHeight ?? frame.Image.Height;
                    _lastReconnectReason = null;
                    if (_interruptedAt is { } since)
                    {
                        Log.StreamingAgain(_logger, _camera.Name, (_time.GetUtcNow() - since).TotalSeconds, Status.Reconnects);
                        _interruptedAt = null;
                    }
                    else Log.Streaming(_logger, _camera.Name, Status.Width, Status.Height, ConfigLoader.Redact(_camera.Url));
                    Status.SetState(CameraState.Streaming); // after the log line: whoever sees the state also finds the line
                }
                // Stream time: a file's own clock when paced or unpaced, the wall clock for live sources.
                double t = fileFps > 0 ? index / fileFps : _time.GetElapsedTime(start).TotalSeconds;
                if (fileFps > 0 && _camera.RealTime)
                {
                    var wait = TimeSpan.FromSeconds(t) - _time.GetElapsedTime(start);
                    if (wait > TimeSpan.Zero) stopping.WaitHandle.WaitOne(wait);
                }
                index++;
                if (!source.SelectsFrames)
                {
                    if (t + 1e-9 < nextDetect) continue;
                    nextDetect = Math.Max(nextDetect + detectInterval, t - detectInterval);
                }
                var info = source.LastFrame;
                frame.SourceWidth = info?.SourceWidth ?? frame.Image.Width;
                frame.SourceHeight = info?.SourceHeight ?? frame.Image.Height;
                frame.Index = info?.Index ?? index - 1;
                frame.DecoderLag = info?.DecoderLag ?? 0;
                Status.DecoderLag = frame.DecoderLag;
                frame.Pts = info?.Pts ?? (fileFps > 0 ? (index - 1) / fileFps : double.NaN);
                Downscale(frame.Image);
                frame.Camera = _camera.Name;
                frame.CapturedAt = _time.GetUtcNow();
                frame.CapturedTicks = Stopwatch.GetTimestamp();
                if (_waitWhenFull)
                {
                    while (!Frames.Writer.TryWrite(frame)) if (!Frames.Writer.WaitToWriteAsync(stopping).AsTask().GetAwaiter().GetResult()) return false;
                }
                else if (!Frames.Writer.TryWrite(frame)) { frame.Release(); continue; }
                Status.FrameQueued();
                _frameAvailable();
                frame = _pool.Rent();
            }
            return false;
        }
        catch (OperationCanceledException) { return false; }
        finally
        {
            frame.Release();
            _stalledLast = _stalled;
            _stalled = false;
        }
    }

    private volatile bool _stalled;
    private string? _lastReconnectReason;
    private bool _stalledLast;
    private DateTimeOffset? _interruptedAt;

    private void OnStall(IFrameSource source)
    {
        _stalled = true;
        _interruptedAt ??= _time.GetUtcNow() - TimeSpan.FromSeconds(_camera.StallSeconds);
        Log.Stalled(_logger, _camera.Name, _camera.StallSeconds);
        source.Interrupt(); // kills ffmpeg, which ends the blocked Read
    }

    private Common.LogThrottle? _decoderLog;

    /// <summary>A decoder complaint about damaged data from this camera's source: counted in the status and metrics,
    /// logged at most every 10 s with the count since the last line (never printed raw).</summary>
    public void DecoderMessage(string line)
    {
        Status.DecoderError();
        _decoderLog ??= new Common.LogThrottle(_time, TimeSpan.FromSeconds(10));
        if (_decoderLog.TryPass("decoder", out long held)) Log.DecoderErrors(_logger, _camera.Name, held + 1, line.Length > 200 ? line[..200] : line);
    }

    private void Downscale(Mat image)
    {
        int maxW = _camera.MaxWidth, maxH = _camera.MaxHeight;
        if ((maxW == 0 || image.Width <= maxW) && (maxH == 0 || image.Height <= maxH)) return;
        double s = Math.Min(maxW == 0 ? double.MaxValue : (double)maxW / image.Width, maxH == 0 ? double.MaxValue : (double)maxH / image.Height);
        Cv2.Resize(image, image, new Size(Math.Max(1, (int)(image.Width * s)), Math.Max(1, (int)(image.Height * s))), 0, 0, InterpolationFlags.Area);
    }

    public void Dispose()
    {
        _metrics?.Remove(this);
        _pool.Dispose();
    }
}
