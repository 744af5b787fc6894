using System.Buffers;
using System.Text.Unicode;

namespace RetinaNet.Edge.Configuration;

/// <summary>Configuration text is UTF-8, strictly: a byte sequence that is not (a Latin-1 "é" saved by an old editor,
/// a binary file) is refused with where it is, instead of becoming U+FFFD inside a value — a camera URL or zone
/// name silently different from the one written.</summary>
public static class StrictUtf8
{
    /// <summary>The text of <paramref name="bytes"/> (a leading byte-order mark skipped), or why it is not UTF-8.</summary>
    public static (string? Text, string? Problem) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out int read, out int written, replaceInvalidSequences: false);
        if (status == OperationStatus.Done) return (new string(chars, 0, written), null);
        int line = 1 + bytes[..read].Count((byte)'\n');
        return (null, $"not UTF-8 text: byte 0x{bytes[read]:X2} at offset {read} (line {line}) begins no valid character; save the file as UTF-8");
    }
}
