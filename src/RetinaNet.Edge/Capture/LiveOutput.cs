using System.Runtime.InteropServices;

namespace RetinaNet.Edge.Capture;

/// <summary>The decoder child's second output — the camera's video remuxed into fragmented MP4 — through a named pipe
/// in a private folder (the child's standard output carries the frames, standard error its messages). A thread opens
/// the pipe (blocking until the child opens its end) and hands it to the <see cref="ILiveVideoSink"/>, which drains it
/// until the child exits. Disposing releases a thread still blocked in open (the child died before opening its end)
/// by opening the write end once itself.</summary>
internal sealed partial class LiveOutput : IDisposable
{
    private static readonly string Folder = MakeFolder();
    private readonly Thread _thread;

    public LiveOutput(string camera, ILiveVideoSink sink)
    {
        Path = System.IO.Path.Combine(Folder, $"{camera}-{Guid.NewGuid():N}.mp4");
        if (MkFifo(Path, 0x180) != 0) throw new CaptureException($"cannot make the live-view pipe {Path} (errno {Marshal.GetLastPInvokeError()})");
        _thread = new Thread(() =>
        {
            try
            {
                using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
                sink.Run(camera, stream);
            }
            catch (IOException) { } // the child went away mid-fragment
        }) { IsBackground = true, Name = "live-" + camera };
        _thread.Start();
    }

    /// <summary>The pipe's path, the child's output file.</summary>
    public string Path { get; }

    public void Dispose()
    {
        // O_WRONLY | O_NONBLOCK: succeeds only while the reader waits in open, which it then leaves (and reads EOF).
        int fd = Open(Path, 0x1 | 0x800);
        if (fd >= 0) _ = Close(fd);
        _thread.Join(TimeSpan.FromSeconds(2));
        try { File.Delete(Path); } catch (IOException) { }
    }

    private static string MakeFolder()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"retinanet-edge-live-{Environment.ProcessId}");
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the live-view pipe needs Linux");
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkFifo(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
