using System.Buffers.Binary;

namespace RetinaNet.Edge.LiveView;

/// <summary>One piece of a fragmented MP4 stream as the browser takes it: the init segment (ftyp + moov) or one
/// media fragment (moof + mdat, one frame each with ffmpeg's <c>frag_every_frame</c>).</summary>
/// <param name="Pts">A fragment's first presentation time in seconds (the frames' own clock; NaN for the init).</param>
internal sealed record Fmp4Segment(byte[] Bytes, bool IsInit, bool IsKey, double Pts = double.NaN);

/// <summary>Cuts an fMP4 byte stream into init segment and fragments. Each segment is its own array: it is shared,
/// read-only, by every viewer's queue, whose lifetimes differ — a pool would need reference counting for the few
/// kilobytes a frame of compressed video takes (this is the live view's side path, not the inference path).</summary>
internal sealed class Fmp4Reader(Stream stream)
{
    private const int MaxBox = 64 << 20;
    private readonly byte[] _header = new byte[16];
    private byte[]? _pending;
    private uint _trexFlags, _timescale;

    /// <summary>The init segment's video track (codec string for MSE, coded size), once read.</summary>
    public (string Codec, int Width, int Height) Track { get; private set; }

    /// <summary>The next init segment or fragment; null at the end of the stream.</summary>
    public Fmp4Segment? Next()
    {
        while (true)
        {
            if (ReadBox() is not { } box) return null;
            switch (box.Type)
            {
                case "ftyp":
                    _pending = box.Bytes;
                    break;
                case "moov":
                    var moov = box.Bytes.AsMemory(box.Header);
                    Track = Fmp4.VideoTrack(moov);
                    _trexFlags = Fmp4.TrexDefaultFlags(moov);
                    _timescale = Fmp4.Timescale(moov);
                    var init = Concat(_pending, box.Bytes);
                    _pending = null;
                    return new Fmp4Segment(init, IsInit: true, IsKey: false);
                case "moof":
                    _pending = box.Bytes;
                    break;
                case "mdat" when _pending is { } moof:
                    _pending = null;
                    var header = moof.AsMemory(Header(moof));
                    bool key = Fmp4.StartsWithKeyframe(header, _trexFlags);
                    double pts = _timescale > 0 ? (double)Fmp4.FirstPresentationTime(header) / _timescale : double.NaN;
                    return new Fmp4Segment(Concat(moof, box.Bytes), IsInit: false, IsKey: key, pts);
                default:
                    break; // styp, sidx, free…: not needed by MSE here
            }
        }
    }

    private static int Header(byte[] box) => BinaryPrimitives.ReadUInt32BigEndian(box) == 1 ? 16 : 8;

    private static byte[] Concat(byte[]? first, byte[] second)
    {
        if (first is null) return second;
        var all = new byte[first.Length + second.Length];
        first.CopyTo(all, 0);
        second.CopyTo(all, first.Length);
        return all;
    }

    private (string Type, byte[] Bytes, int Header)? ReadBox()
    {
        if (!Fill(_header.AsSpan(0, 8))) return null;
        long size = BinaryPrimitives.ReadUInt32BigEndian(_header);
        int header = 8;
        if (size == 1)
        {
            if (!Fill(_header.AsSpan(8, 8))) return null;
            size = (long)BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(8));
            header = 16;
        }
        string type = System.Text.Encoding.ASCII.GetString(_header, 4, 4);
        if (size < header || size > MaxBox) throw new InvalidDataException($"fMP4 box '{type}' of {size} bytes");
        var bytes = new byte[size];
        _header.AsSpan(0, header).CopyTo(bytes);
        return Fill(bytes.AsSpan(header)) ? (type, bytes, header) : null;
    }

    private bool Fill(Span<byte> buffer)
    {
        try
        {
            stream.ReadExactly(buffer);
            return true;
        }
        catch (EndOfStreamException) { return false; }
    }
}
