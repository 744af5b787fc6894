using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenCvSharp;

namespace RetinaNet.Edge.Capture;

/// <summary>A file played as a live camera: at its own frame rate (<c>-re</c>), optionally looping.</summary>
internal sealed record PlayFile(bool Loop);

/// <summary>A network stream (RTSP, HTTP) or V4L2 device, decoded by Debian's ffmpeg in its own process into raw BGR
/// frames on its standard output, which are read straight into the frame's buffer. Only the frames the detector
/// takes, at the working size, cross the pipe (<see cref="FfmpegArguments"/>); each carries its presentation
/// timestamp, read from ffmpeg's <c>showinfo</c> line for it, and the source frame number derived from it. The bundled OpenCV build opens no
/// network URL; this way a crash or hang on the network side kills only ffmpeg, the first frame comes as soon as
/// ffmpeg has decoded it (no second probe of a remuxed stream), and the decoder's complaints about damaged data
/// arrive on that camera's own stderr: they are counted and handed to the agent's logging, never printed raw.</summary>
internal sealed partial class FfmpegFrameSource(string url, string ffmpegPath, string displayUrl, Configuration.CameraOptions camera,
    (int Width, int Height) workingSize, Action<string>? decoderMessage = null, PlayFile? file = null) : IFrameSource
{
    private readonly TimeSpan stallAfter = TimeSpan.FromSeconds(camera.StallSeconds);
    private readonly System.Collections.Concurrent.ConcurrentQueue<double> _pts = new();
    private readonly SemaphoreSlim _ptsReady = new(0);
    private int _sourceWidth, _sourceHeight;
    private double _sourceFps, _firstPts = double.NaN;
    private long _counted;
    private string? _missingHardware;

    private Process? _ffmpeg;
    private Stream? _frames;
    private readonly List<string> _errors = [];
    private int _width, _height;
    private long _damaged;

    public double Fps => 0; // live, or a file that ffmpeg paces itself
    public bool IsFile => file is not null;
    public bool SelectsFrames => true;
    public SourceFrameInfo? LastFrame { get; private set; }
    public string? LastProblem => _ffmpeg is { HasExited: true } ? LastError() : null;
    /// <summary>Decoder error lines seen so far (damaged or undecodable data).</summary>
    public long DecoderErrors => Interlocked.Read(ref _damaged);

    public void Open(CancellationToken cancellationToken)
    {
        Close();
        var psi = new ProcessStartInfo(ffmpegPath) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in FfmpegArguments.For(url, camera, workingSize, file)) psi.ArgumentList.Add(a);
        lock (_errors) _errors.Clear();
        while (_pts.TryDequeue(out _)) { }
        _firstPts = double.NaN; _counted = 0; _missingHardware = null; _sourceWidth = _sourceHeight = 0; _sourceFps = 0;
        var size = new TaskCompletionSource<(int, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
        try { _ffmpeg = Process.Start(psi) ?? throw new CaptureException("ffmpeg did not start"); }
        catch (System.ComponentModel.Win32Exception e) { throw new CaptureException($"cannot run {ffmpegPath} (apt-get install ffmpeg): {e.Message}", e); }
        var ffmpeg = _ffmpeg;
        bool output = false;
        ffmpeg.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) { size.TrySetResult((0, 0)); return; }
            if (ShowInfo().Match(line) is { Success: true } shown)
            {
                _pts.Enqueue(double.TryParse(shown.Groups[1].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : double.NaN);
                _ptsReady.Release();
                return;
            }
            if (line.StartsWith("Output #0", StringComparison.Ordinal)) output = true;
            if (!output && _sourceWidth == 0 && InputVideo().Match(line) is { Success: true } input)
            {
                _sourceWidth = int.Parse(input.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                _sourceHeight = int.Parse(input.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (InputRate().Match(line) is { Success: true } rate)
                    _sourceFps = double.Parse(rate.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            if (_missingHardware is null && FfmpegArguments.MissingHardware(camera.Decoder, line) is { } missing) _missingHardware = missing;
            if (output && OutputSize().Match(line) is { Success: true } m)
            {
                size.TrySetResult((int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));
                return;
            }
            if (!line.StartsWith('[') && !line.Contains("error", StringComparison.OrdinalIgnoreCase) && !line.Contains("invalid", StringComparison.OrdinalIgnoreCase)) return; // stream listing
            lock (_errors) { _errors.Add(line); if (_errors.Count > 50) _errors.RemoveAt(0); }
            if (DecoderDamage.IsDamage(line))
            {
                Interlocked.Increment(ref _damaged);
                decoderMessage?.Invoke(line.Replace(url, displayUrl, StringComparison.Ordinal));
            }
        };
        ffmpeg.BeginErrorReadLine();
        _frames = ffmpeg.StandardOutput.BaseStream;
        try
        {
            // ffmpeg names the output size once it has the stream's codec parameters; bounded by its socket timeout.
            (_width, _height) = size.Task.WaitAsync(stallAfter + TimeSpan.FromSeconds(10), cancellationToken).GetAwaiter().GetResult();
        }
        catch (TimeoutException) { Interrupt(); throw new CaptureException($"cannot open {displayUrl}: no video within {(stallAfter + TimeSpan.FromSeconds(10)).TotalSeconds:F0} s"); }
        catch (OperationCanceledException) { Interrupt(); throw; }
        if (_width <= 0 || _height <= 0)
        {
            ffmpeg.WaitForExit(2000);
            throw new CaptureException($"cannot open {displayUrl}: {LastError()}");
        }
    }

    /// <summary>Kills ffmpeg, which ends a blocked <see cref="Read"/> with end-of-stream.</summary>
    public void Interrupt()
    {
        try { if (_ffmpeg is { HasExited: false }) _ffmpeg.Kill(entireProcessTree: true); }
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
            LastFrame = Describe(NextPts());
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>The timestamp ffmpeg's showinfo gave the frame just read (it writes the line before the frame).</summary>
    private double NextPts() => _ptsReady.Wait(TimeSpan.FromSeconds(1)) && _pts.TryDequeue(out var t) ? t : double.NaN;

    /// <summary>The frame number is round(pts × the stream's frame rate): files and RTSP count from the stream's
    /// start (a camera joined mid-stream keeps the stream's numbering); V4L2 devices, whose timestamps are the
    /// kernel's clock, from the first frame. Without a timestamp or frame rate, frames are counted.</summary>
    private SourceFrameInfo Describe(double pts)
    {
        long counted = _counted++;
        long index = counted;
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
        if (_missingHardware is { } missing) return missing;
        lock (_errors)
        {
            var text = _errors.Count == 0 ? $"ffmpeg exited with code {(_ffmpeg is { HasExited: true } p ? p.ExitCode : -1)}" : _errors[^1];
            // "[tcp @ 0x55b8ede7dd00] Connection … failed": the context address differs per process; without it the
            // same failure reads the same every time (the reconnect log is written once per change of reason).
            return ContextPrefix().Replace(text, "").Replace(url, displayUrl, StringComparison.Ordinal);
        }
    }

    private void Close()
    {
        if (_ffmpeg is { HasExited: false }) { try { _ffmpeg.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }
        _ffmpeg?.WaitForExit(2000);
        _ffmpeg?.Dispose();
        _ffmpeg = null;
        _frames = null;
        _width = _height = 0;
    }

    public void Dispose() { Close(); _ptsReady.Dispose(); }

    [GeneratedRegex(@"\[\w+ @ 0x[0-9a-f]+\] ")]
    private static partial Regex ContextPrefix();

    [GeneratedRegex(@"Video: rawvideo.*?, (\d{1,5})x(\d{1,5})")]
    private static partial Regex OutputSize();

    [GeneratedRegex(@"^\s*Stream #0:\d+.*?: Video: .*?, (\d{2,5})x(\d{2,5})")]
    private static partial Regex InputVideo();

    [GeneratedRegex(@", (\d+(?:\.\d+)?) (?:fps|tbr)\b")]
    private static partial Regex InputRate();

    [GeneratedRegex(@"showinfo.*? n:\s*\d+ pts:\s*-?\d+ pts_time:(\S+)")]
    private static partial Regex ShowInfo();
}
