using System.Collections.Concurrent;
using System.Diagnostics;
using OpenCvSharp;

namespace RetinaNet.Edge.Capture;

/// <summary>A file played as a live camera: at its own frame rate, optionally looping.</summary>
internal sealed record PlayFile(bool Loop);

/// <summary>A network stream (RTSP, HTTP), V4L2 device or live file decoded by a child process — Debian's ffmpeg or a
/// GStreamer pipeline, per the camera's <c>decoder</c> (<see cref="IDecoderDialect"/>) — into raw BGR frames on its
/// standard output, read straight into the frame's buffer. Only the frames the detector takes, at the working size,
/// cross the pipe; each carries its presentation timestamp (the child reports it on standard error before writing
/// the frame) and the source frame number derived from it. The bundled OpenCV build opens no network URL; this way a
/// crash or hang on the network side kills only the child, the first frame comes as soon as it is decoded, and the
/// decoder's complaints about damaged data arrive on that camera's own stderr: counted and handed to the agent's
/// logging, never printed raw.</summary>
internal sealed class DecoderProcessSource(string url, string ffmpegPath, string displayUrl, Configuration.CameraOptions camera,
    (int Width, int Height) workingSize, Action<string>? decoderMessage = null, PlayFile? file = null, ILiveVideoSink? live = null) : IFrameSource
{
    private LiveOutput? _live;
    private bool _liveFailed;
    private readonly TimeSpan stallAfter = TimeSpan.FromSeconds(camera.StallSeconds);
    private readonly ConcurrentQueue<double> _pts = new();
    private readonly SemaphoreSlim _ptsReady = new(0);
    private readonly List<string> _errors = [];
    private readonly DecoderLag _lag = new();
    private int _sourceWidth, _sourceHeight, _width, _height;
    private double _sourceFps, _firstPts = double.NaN, _loopOffset;
    private long _counted;
    private string? _missing;
    private Process? _process;
    private Stream? _frames;

    public double Fps => 0; // live, or a file that the child paces itself
    public bool IsFile => file is not null;
    public bool SelectsFrames => true;
    public SourceFrameInfo? LastFrame { get; private set; }
    public string? LastProblem => _process is { HasExited: true } ? LastError() : null;

    public void Open(CancellationToken cancellationToken)
    {
        Close();
        var dialect = Decoders.Dialect(camera.Decoder, ffmpegPath);
        _live = LiveWanted(dialect) ? new LiveOutput(camera.Name, live!) : null;
        var psi = ChildPriority.Lowered(dialect.Start(url, camera, workingSize, file, _live?.Path), camera.DecoderNice);
        psi.RedirectStandardError = psi.RedirectStandardOutput = psi.RedirectStandardInput = true;
        psi.UseShellExecute = false;
        lock (_errors) _errors.Clear();
        while (_pts.TryDequeue(out _)) { }
        _counted = 0; _missing = null; _sourceWidth = _sourceHeight = 0; _sourceFps = 0;
        var size = new TaskCompletionSource<(int, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
        try { _process = Process.Start(psi) ?? throw new CaptureException($"{psi.FileName} did not start"); }
        catch (System.ComponentModel.Win32Exception e) { throw new CaptureException($"cannot run {psi.FileName} ({dialect.Install}): {e.Message}", e); }
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) { size.TrySetResult((0, 0)); return; }
            var parsed = dialect.Parse(line);
            switch (parsed.Kind)
            {
                case DecoderLineKind.Pts: _pts.Enqueue(parsed.Value); _ptsReady.Release(); break;
                case DecoderLineKind.Input when _sourceWidth == 0: (_sourceWidth, _sourceHeight, _sourceFps) = (parsed.Width, parsed.Height, parsed.Value); break;
                case DecoderLineKind.Output: size.TrySetResult((parsed.Width, parsed.Height)); break;
                case DecoderLineKind.Missing: _missing ??= parsed.Text; break;
                case DecoderLineKind.Error or DecoderLineKind.Damage:
                    lock (_errors) { _errors.Add(parsed.Text!); if (_errors.Count > 50) _errors.RemoveAt(0); }
                    if (parsed.Kind == DecoderLineKind.Damage)
                    {
                        decoderMessage?.Invoke(line.Replace(url, displayUrl, StringComparison.Ordinal));
                    }
                    break;
            }
        };
        _process.BeginErrorReadLine();
        _frames = _process.StandardOutput.BaseStream;
        var openWithin = stallAfter + TimeSpan.FromSeconds(10);
        try
        {
            // The child names the output size once it has the stream's codec parameters; bounded by its socket timeout.
            (_width, _height) = size.Task.WaitAsync(openWithin, cancellationToken).GetAwaiter().GetResult();
        }
        catch (TimeoutException) { Interrupt(); throw new CaptureException($"cannot open {displayUrl}: no video within {openWithin.TotalSeconds:F0} s"); }
        catch (OperationCanceledException) { Interrupt(); throw; }
        if (_width <= 0 || _height <= 0)
        {
            _process.WaitForExit(2000);
            bool liveFailed;
            lock (_errors) liveFailed = _live is not null && _errors.Any(FfmpegArguments.LiveOutputFailed);
            if (liveFailed)
            {
                // The camera's codec does not fit in MP4 (e.g. raw video): the camera runs without the live output.
                _liveFailed = true;
                live!.Unavailable(camera.Name, $"its video cannot be remuxed for the browser ({LastError()})");
                Open(cancellationToken);
                return;
            }
            throw new CaptureException($"cannot open {displayUrl}: {LastError()}");
        }
    }

    private bool LiveWanted(IDecoderDialect dialect)
    {
        if (live is null || !camera.LiveVideo) return false;
        string? why = !dialect.RemuxesLive ? $"decoder {camera.Decoder.Name()} does not remux video for the browser"
            : url.StartsWith("/dev/", StringComparison.Ordinal) ? "a V4L2 device sends raw or MJPEG frames, not a stream the browser plays"
            : null;
        if (why is not null) live.Unavailable(camera.Name, why);
        return why is null && !_liveFailed;
    }

    /// <summary>Kills the child, which ends a blocked <see cref="Read"/> with end-of-stream.</summary>
    public void Interrupt()
    {
        try { if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
    }

    /// <summary>Reads one raw frame straight into the image's buffer.</summary>
    public unsafe bool Read(Mat image)
    {
        if (_frames is null || _width <= 0) return false;
        if (image.Rows != _height || image.Cols != _width || image.Type() != MatType.CV_8UC3) image.Create(_height, _width, MatType.CV_8UC3);
        var buffer = new Span<byte>((void*)image.Data, _width * _height * 3);
        try
        {
            _frames.ReadExactly(buffer);
            long arrived = Stopwatch.GetTimestamp();
            double pts = NextPts();
            LastFrame = Describe(pts) with { DecoderLag = _lag.Of(pts, arrived) };
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ObjectDisposedException)
        {
            return file is { Loop: true } && camera.Decoder.IsGstreamer() && Restart() && Read(image);
        }
    }

    /// <summary>gst-launch cannot loop a file: at its end the pipeline starts again, and the timestamps continue from
    /// where the last run ended (as ffmpeg's -stream_loop numbers them).</summary>
    private bool Restart()
    {
        if (LastFrame is not { } last || _process is not { } p || !p.WaitForExit(2000) || p.ExitCode != 0) return false;
        double offset = (double.IsNaN(last.Pts) ? _loopOffset : last.Pts) + (_sourceFps > 0 ? 1 / _sourceFps : 0);
        long counted = _counted;
        try { Open(CancellationToken.None); } catch (CaptureException) { return false; }
        (_loopOffset, _counted) = (offset, counted);
        return true;
    }

    /// <summary>The timestamp the child gave the frame just read (it reports it before writing the frame, but its
    /// standard error is read by a thread-pool callback, which can run seconds late while the agent starts). Waited for
    /// as long as a stall may last: giving up early left that timestamp in the queue and numbered every later frame
    /// with the one before it (seen: boxes one detect interval off their video).</summary>
    private double NextPts() => _ptsReady.Wait(stallAfter) && _pts.TryDequeue(out var t) ? t + _loopOffset : double.NaN;

    /// <summary>The frame number is round(pts × the stream's frame rate): files and RTSP count from the stream's
    /// start (a camera joined mid-stream keeps the stream's numbering); V4L2 devices, whose timestamps are the
    /// kernel's clock, from the first frame. Without a timestamp or frame rate, frames are counted.</summary>
    private SourceFrameInfo Describe(double pts)
    {
        long index = _counted++;
        if (!double.IsNaN(pts) && _sourceFps > 0)
        {
            if (double.IsNaN(_firstPts)) _firstPts = pts;
            double origin = url.StartsWith("/dev/", StringComparison.Ordinal) ? _firstPts : 0;
            index = (long)Math.Round((pts - origin) * _sourceFps);
        }
        return new SourceFrameInfo(index, pts, _sourceWidth > 0 ? _sourceWidth : _width, _sourceHeight > 0 ? _sourceHeight : _height);
    }

    private string LastError()
    {
        if (_missing is { } missing) return missing;
        lock (_errors)
        {
            var text = _errors.Count == 0 ? $"{camera.Decoder.Name()} exited with code {(_process is { HasExited: true } p ? p.ExitCode : -1)}" : _errors[^1];
            return text.Replace(url, displayUrl, StringComparison.Ordinal);
        }
    }

    private void Close()
    {
        if (_process is { HasExited: false }) { try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }
        _process?.WaitForExit(2000);
        _process?.Dispose();
        _process = null;
        _live?.Dispose();
        _live = null;
        _frames = null;
        _width = _height = 0;
        _firstPts = double.NaN;
        _loopOffset = 0;
        _lag.Reset();
    }

    public void Dispose() { Close(); _ptsReady.Dispose(); }
}
