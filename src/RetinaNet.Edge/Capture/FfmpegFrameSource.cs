using System.Diagnostics;
using OpenCvSharp;

namespace RetinaNet.Edge.Capture;

/// <summary>A network stream (RTSP, HTTP) or V4L2 device. The bundled OpenCV build opens no network URL, so Debian's
/// ffmpeg pulls the stream in its own process and remuxes it without re-encoding (<c>-c copy</c>) into MPEG-TS on a
/// named pipe, which OpenCV decodes in-process: one decode per frame, no pixel copies between processes, and a
/// crash or hang on the network side kills only ffmpeg.</summary>
internal sealed class FfmpegFrameSource(string url, string ffmpegPath, string displayUrl, TimeSpan stallAfter) : IFrameSource
{
    private Process? _ffmpeg;
    private VideoCapture? _capture;
    private string? _fifo;
    private readonly System.Text.StringBuilder _stderr = new();

    public double Fps => 0;
    public string? LastProblem => _ffmpeg is { HasExited: true } ? LastError() : null;
    public bool IsFile => false;

    public void Open(CancellationToken cancellationToken)
    {
        Close();
        var dir = Path.Combine(Path.GetTempPath(), "retinanet-edge");
        Directory.CreateDirectory(dir);
        _fifo = Path.Combine(dir, $"cam-{Environment.ProcessId}-{Guid.NewGuid():N}.ts");
        if (NativeMethods.MkFifo(_fifo) != 0) throw new CaptureException($"cannot create named pipe {_fifo}");

        var psi = new ProcessStartInfo(ffmpegPath) { RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in Arguments(url, _fifo, stallAfter)) psi.ArgumentList.Add(a);
        _stderr.Clear();
        try { _ffmpeg = Process.Start(psi) ?? throw new CaptureException("ffmpeg did not start"); }
        catch (System.ComponentModel.Win32Exception e) { throw new CaptureException($"cannot run {ffmpegPath} (apt-get install ffmpeg): {e.Message}", e); }
        _ffmpeg.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) { if (_stderr.Length < 4000) _stderr.AppendLine(e.Data); } };
        _ffmpeg.BeginErrorReadLine();
        var ffmpeg = _ffmpeg;
        var fifo = _fifo;
        // Opening the pipe blocks until ffmpeg opens its end; if ffmpeg exits first (unreachable camera), open the
        // write end ourselves so that OpenCV's open returns instead of waiting forever.
        var opened = new CancellationTokenSource();
        using var unblock = cancellationToken.Register(() => Unblock(fifo, opened.Token));
        ffmpeg.EnableRaisingEvents = true;
        ffmpeg.Exited += (_, _) => Unblock(fifo, opened.Token);
        if (ffmpeg.HasExited) Unblock(fifo, opened.Token);
        try { _capture = OpenPipe(fifo); }
        finally { opened.Cancel(); }
        if (!_capture.IsOpened() || ffmpeg.HasExited)
        {
            var reason = ffmpeg.WaitForExit(2000) ? LastError() : "no decodable video";
            throw new CaptureException($"cannot open {displayUrl}: {reason}");
        }
    }

    /// <param name="stallAfter">The agent's own stall timer; ffmpeg's socket timeout is set past it, so that a camera
    /// that stops sending is noticed (and logged) by the agent at stallSeconds, ffmpeg's timeout only backing it up.</param>
    private static readonly Lock EnvLock = new();

    /// <summary>OpenCV's FFmpeg reads the pipe with a small probe (the remuxed stream starts with its codec headers):
    /// its default probe waits for seconds of video before the first frame.</summary>
    private static VideoCapture OpenPipe(string fifo)
    {
        lock (EnvLock)
        {
            var previous = Environment.GetEnvironmentVariable("OPENCV_FFMPEG_CAPTURE_OPTIONS");
            Environment.SetEnvironmentVariable("OPENCV_FFMPEG_CAPTURE_OPTIONS", "fflags;nobuffer|probesize;131072|analyzeduration;100000");
            try { return new VideoCapture(fifo, VideoCaptureAPIs.FFMPEG); }
            finally { Environment.SetEnvironmentVariable("OPENCV_FFMPEG_CAPTURE_OPTIONS", previous); }
        }
    }

    internal static IEnumerable<string> Arguments(string url, string output, TimeSpan? stallAfter = null)
    {
        var timeout = ((long)((stallAfter ?? TimeSpan.FromSeconds(10)).TotalMicroseconds + 5_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "-nostdin"; yield return "-hide_banner"; yield return "-loglevel"; yield return "error";
        // Start fast: no input buffering, and probe only what it takes to learn the codec (RTSP's SDP already says).
        yield return "-fflags"; yield return "nobuffer"; yield return "-probesize"; yield return "32768"; yield return "-analyzeduration"; yield return "0";
        if (url.StartsWith("rtsp", StringComparison.OrdinalIgnoreCase)) { yield return "-rtsp_transport"; yield return "tcp"; yield return "-timeout"; yield return timeout; }
        else if (url.StartsWith("/dev/", StringComparison.Ordinal)) { yield return "-f"; yield return "v4l2"; }
        else { yield return "-rw_timeout"; yield return timeout; }
        yield return "-i"; yield return url;
        yield return "-map"; yield return "0:v:0"; yield return "-an";
        if (url.StartsWith("/dev/", StringComparison.Ordinal)) { yield return "-c:v"; yield return "mpeg2video"; yield return "-q:v"; yield return "2"; } // raw V4L2 frames cannot go into MPEG-TS as they are
        else { yield return "-c"; yield return "copy"; }
        yield return "-flush_packets"; yield return "1"; yield return "-muxdelay"; yield return "0";
        yield return "-f"; yield return "mpegts"; yield return "-y"; yield return output;
    }

    /// <summary>Kills ffmpeg, which ends a blocked <see cref="Read"/> with end-of-stream.</summary>
    public void Interrupt()
    {
        try { if (_ffmpeg is { HasExited: false }) _ffmpeg.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
    }

    public bool Read(Mat image) => _capture is not null && _capture.Read(image) && !image.Empty();

    private string LastError()
    {
        lock (_stderr)
        {
            var lines = _stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var text = lines.Length == 0 ? $"ffmpeg exited with code {_ffmpeg?.ExitCode}" : lines[^1];
            return text.Replace(url, displayUrl, StringComparison.Ordinal);
        }
    }

    /// <summary>Opens and closes the pipe's write end (non-blocking) once OpenCV waits on the read end, so that its
    /// open returns; retries until OpenCV is waiting or has finished opening.</summary>
    private static void Unblock(string fifo, CancellationToken opened) => Task.Run(async () =>
    {
        for (int i = 0; i < 200 && !opened.IsCancellationRequested; i++)
        {
            int fd = NativeMethods.OpenWriteNonBlocking(fifo);
            if (fd >= 0) { NativeMethods.Close(fd); return; }
            await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
        }
    }, CancellationToken.None);

    private void Close()
    {
        if (_ffmpeg is { HasExited: false }) { try { _ffmpeg.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }
        _ffmpeg?.WaitForExit(2000);
        _capture?.Dispose();
        _capture = null;
        _ffmpeg?.Dispose();
        _ffmpeg = null;
        if (_fifo is not null && File.Exists(_fifo)) File.Delete(_fifo);
    }

    public void Dispose() => Close();
}

internal static partial class NativeMethods
{
    private const int OWronly = 1, ONonblock = 0x800;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int MkFifo(string path, uint mode);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "open", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    public static int MkFifo(string path) => MkFifo(path, 0x180); // 0600

    public static int OpenWriteNonBlocking(string path) => Open(path, OWronly | ONonblock);
}
