using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace RetinaNet.Edge.Hosting;

/// <summary>While the agent runs, the process's standard error (file descriptor 2) is a pipe read by this service:
/// what native libraries print there — OpenCV's FFmpeg decoding a damaged file in-process, ONNX Runtime — reaches the
/// agent's logging instead of the journal raw. Decoder complaints are counted (<c>/metrics</c>) and summarized once per
/// 10 s; other lines are logged, at most one per 10 s per kind. The agent's own logs go to standard output.</summary>
internal sealed partial class NativeStderr : IHostedService, IDisposable
{
    private readonly ILogger<NativeStderr> logger;
    private readonly TimeProvider time;

    public NativeStderr(ILogger<NativeStderr> logger, TimeProvider time, System.Diagnostics.Metrics.IMeterFactory? meters = null)
    {
        this.logger = logger;
        this.time = time;
        meters?.Create(new System.Diagnostics.Metrics.MeterOptions("RetinaNet.Edge.Hosting")).CreateObservableCounter("retinanet.native.decoder_messages", () => DecoderMessages,
            description: "Damaged-data messages of in-process decoding (OpenCV's FFmpeg: unpaced files), not attributable to a camera");
    }

    private int _saved = -1;
    private Thread? _reader;
    private long _decoderMessages, _otherMessages;
    private Common.LogThrottle? _throttle;

    public long DecoderMessages => Interlocked.Read(ref _decoderMessages);
    public long OtherMessages => Interlocked.Read(ref _otherMessages);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux()) return Task.CompletedTask;
        var fds = new int[2];
        if (Pipe(fds) != 0) return Task.CompletedTask;
        _saved = Dup(2);
        if (_saved < 0 || Dup2(fds[1], 2) < 0) { _ = Close(fds[0]); _ = Close(fds[1]); return Task.CompletedTask; }
        _ = Close(fds[1]); // the write end lives on as fd 2
#pragma warning disable CA2000 // handed to the reader thread, which disposes it (through its StreamReader) at end of file
        var stream = new FileStream(new SafeFileHandle(fds[0], ownsHandle: true), FileAccess.Read, 1);
#pragma warning restore CA2000
        _reader = new Thread(() => Read(stream)) { IsBackground = true, Name = "native-stderr" };
        _reader.Start();
        return Task.CompletedTask;
    }

    private void Read(FileStream stream)
    {
        using var reader = new StreamReader(stream);
        try
        {
            while (reader.ReadLine() is { } line) Forward(line);
        }
        catch (IOException) { /* restored at stop */ }
    }

    private void Forward(string line)
    {
        if (line.Length == 0) return;
        _throttle ??= new Common.LogThrottle(time, TimeSpan.FromSeconds(10));
        if (Capture.DecoderDamage.IsDamage(line) || CodecPrefix().IsMatch(line))
        {
            Interlocked.Increment(ref _decoderMessages);
            if (_throttle.TryPass("decoder", out long held)) Log.NativeDecoder(logger, held + 1, Cut(line));
            return;
        }
        Interlocked.Increment(ref _otherMessages);
        if (_throttle.TryPass("other", out _)) Log.NativeMessage(logger, Cut(line));
    }

    private static string Cut(string s) => s.Length > 300 ? s[..300] : s;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Restore();
        return Task.CompletedTask;
    }

    private void Restore()
    {
        if (_saved < 0) return;
        _ = Dup2(_saved, 2); // nothing to do if it fails at exit; the pipe's write end closes: the reader sees end-of-file
        _ = Close(_saved);
        _saved = -1;
    }

    public void Dispose() => Restore();

    /// <summary>OpenCV lets FFmpeg print at error level only, so any line a decoder prefixes counts as damage here.</summary>
    [GeneratedRegex(@"\[(h264|hevc|mpeg4|mjpeg|mpeg2video|h263|vp[89]|av1) @")]
    private static partial Regex CodecPrefix();

    [LibraryImport("libc", EntryPoint = "pipe")] private static partial int Pipe([Out] int[] fds);
    [LibraryImport("libc", EntryPoint = "dup")] private static partial int Dup(int fd);
    [LibraryImport("libc", EntryPoint = "dup2")] private static partial int Dup2(int fd, int fd2);
    [LibraryImport("libc", EntryPoint = "close")] private static partial int Close(int fd);
}
