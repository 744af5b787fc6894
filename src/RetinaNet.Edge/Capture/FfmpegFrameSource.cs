using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenCvSharp;

namespace RetinaNet.Edge.Capture;

/// <summary>A file played as a live camera: at its own frame rate (<c>-re</c>), optionally looping.</summary>
internal sealed record PlayFile(bool Loop);

/// <summary>A network stream (RTSP, HTTP) or V4L2 device, decoded by Debian's ffmpeg in its own process into raw BGR
/// frames on its standard output, which are read straight into the frame's buffer. The bundled OpenCV build opens no
/// network URL; this way a crash or hang on the network side kills only ffmpeg, the first frame comes as soon as
/// ffmpeg has decoded it (no second probe of a remuxed stream), and the decoder's complaints about damaged data
/// arrive on that camera's own stderr: they are counted and handed to the agent's logging, never printed raw.</summary>
internal sealed partial class FfmpegFrameSource(string url, string ffmpegPath, string displayUrl, TimeSpan stallAfter, Action<string>? decoderMessage = null,
    PlayFile? file = null) : IFrameSource
{

    private Process? _ffmpeg;
    private Stream? _frames;
    private readonly List<string> _errors = [];
    private int _width, _height;
    private long _damaged;

    public double Fps => 0; // live, or a file that ffmpeg paces itself
    public bool IsFile => file is not null;
    public string? LastProblem => _ffmpeg is { HasExited: true } ? LastError() : null;
    /// <summary>Decoder error lines seen so far (damaged or undecodable data).</summary>
    public long DecoderErrors => Interlocked.Read(ref _damaged);

    public void Open(CancellationToken cancellationToken)
    {
        Close();
        var psi = new ProcessStartInfo(ffmpegPath) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in Arguments(url, stallAfter, file)) psi.ArgumentList.Add(a);
        lock (_errors) _errors.Clear();
        var size = new TaskCompletionSource<(int, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
        try { _ffmpeg = Process.Start(psi) ?? throw new CaptureException("ffmpeg did not start"); }
        catch (System.ComponentModel.Win32Exception e) { throw new CaptureException($"cannot run {ffmpegPath} (apt-get install ffmpeg): {e.Message}", e); }
        var ffmpeg = _ffmpeg;
        bool output = false;
        ffmpeg.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) { size.TrySetResult((0, 0)); return; }
            if (line.StartsWith("Output #0", StringComparison.Ordinal)) output = true;
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

    internal static IEnumerable<string> Arguments(string url, TimeSpan? stallAfter = null, PlayFile? file = null)
    {
        // ffmpeg's socket timeout lies past the agent's stall timer: a camera that stops sending is noticed (and
        // logged) by the agent at stallSeconds; ffmpeg's timeout only backs it up.
        var timeout = ((long)((stallAfter ?? TimeSpan.FromSeconds(10)).TotalMicroseconds + 5_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "-nostdin"; yield return "-hide_banner"; yield return "-nostats"; yield return "-loglevel"; yield return "info";
        // Start fast: no input buffering, and probe only what it takes to learn the codec.
        yield return "-fflags"; yield return "nobuffer"; yield return "-probesize"; yield return "32768"; yield return "-analyzeduration"; yield return "0";
        if (file is not null) { yield return "-re"; if (file.Loop) { yield return "-stream_loop"; yield return "-1"; } }
        else if (url.StartsWith("rtsp", StringComparison.OrdinalIgnoreCase)) { yield return "-rtsp_transport"; yield return "tcp"; yield return "-timeout"; yield return timeout; }
        else if (url.StartsWith("/dev/", StringComparison.Ordinal)) { yield return "-f"; yield return "v4l2"; }
        else if (url.Contains("://", StringComparison.Ordinal)) { yield return "-rw_timeout"; yield return timeout; }
        yield return "-i"; yield return url;
        yield return "-map"; yield return "0:v:0"; yield return "-an"; yield return "-sn";
        yield return "-f"; yield return "rawvideo"; yield return "-pix_fmt"; yield return "bgr24"; yield return "pipe:1";
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
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    private string LastError()
    {
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

    public void Dispose() => Close();

    [GeneratedRegex(@"\[\w+ @ 0x[0-9a-f]+\] ")]
    private static partial Regex ContextPrefix();

    [GeneratedRegex(@"Video: rawvideo.*?, (\d{1,5})x(\d{1,5})")]
    private static partial Regex OutputSize();
}
