using System.Runtime.InteropServices;

namespace RetinaNet.Edge.Configuration;

/// <summary>Checks a file before anything opens it: it must be a regular file (a FIFO would block the reader forever,
/// <c>/dev/zero</c> never ends, <c>/dev/urandom</c> is no text) and not larger than a cap. Uses <c>statx</c>, whose
/// layout is the same on every Linux architecture.</summary>
public static partial class SafeFile
{
    public const long ConfigMaxBytes = 1 << 20;
    public const long TextMaxBytes = 1 << 20;
    public const long ModelMaxBytes = 4L << 30;

    /// <summary>Null when <paramref name="path"/> is a regular file of at most <paramref name="maxBytes"/>; else why not.</summary>
    public static string? Problem(string path, long maxBytes)
    {
        var (kind, size) = Stat(path);
        return kind switch
        {
            FileKind.Missing => "file not found",
            FileKind.Directory => "is a folder, not a file",
            FileKind.Fifo => "is a FIFO (named pipe), not a regular file",
            FileKind.CharDevice or FileKind.BlockDevice => "is a device, not a regular file",
            FileKind.Other => "is not a regular file",
            _ when size > maxBytes => $"is {size:N0} bytes; at most {maxBytes:N0} are read",
            _ => null,
        };
    }

    public enum FileKind { Missing, Regular, Directory, Fifo, CharDevice, BlockDevice, Other }

    public static (FileKind Kind, long Size) Stat(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            if (Directory.Exists(path)) return (FileKind.Directory, 0);
            var fi = new FileInfo(path);
            return fi.Exists ? (FileKind.Regular, fi.Length) : (FileKind.Missing, 0);
        }
        Span<byte> buffer = stackalloc byte[256];
        const int AtFdCwd = -100, StatxType = 0x1, StatxSize = 0x200;
        int rc = Statx(AtFdCwd, path, 0, StatxType | StatxSize, ref MemoryMarshal.GetReference(buffer));
        if (rc != 0) return (FileKind.Missing, 0);
        int mode = BitConverter.ToUInt16(buffer[28..30]) & 0xF000;
        long size = (long)BitConverter.ToUInt64(buffer[40..48]);
        return (mode switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharDevice,
            0x6000 => FileKind.BlockDevice,
            _ => FileKind.Other,
        }, size);
    }

    /// <summary>Reads a checked text file (the caller has called <see cref="Problem"/>; the cap is enforced again) as
    /// strict UTF-8 (<see cref="StrictUtf8"/>): bytes that are not throw <see cref="InvalidDataException"/> saying where.</summary>
    public static string ReadText(string path, long maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > maxBytes) throw new IOException($"{path}: larger than {maxBytes} bytes");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var (text, problem) = StrictUtf8.Decode(bytes);
        return text ?? throw new InvalidDataException(problem);
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirfd, string path, int flags, int mask, ref byte statxbuf);
}
