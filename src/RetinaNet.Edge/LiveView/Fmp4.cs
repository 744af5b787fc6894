using System.Buffers.Binary;
using System.Globalization;

namespace RetinaNet.Edge.LiveView;

/// <summary>What the live view needs to know of fragmented MP4 (ISO/IEC 14496-12): box boundaries, whether a
/// fragment starts with a sync sample (a viewer can join there), and the track's codec string and size for Media
/// Source Extensions. Reads only; everything else passes through untouched.</summary>
internal static class Fmp4
{
    /// <summary>The children of a box payload, as (type, payload) in order; stops at the first malformed header.</summary>
    public static IEnumerable<(string Type, ReadOnlyMemory<byte> Payload)> Children(ReadOnlyMemory<byte> data)
    {
        int at = 0;
        while (at + 8 <= data.Length)
        {
            var span = data.Span;
            long size = BinaryPrimitives.ReadUInt32BigEndian(span[at..]);
            string type = System.Text.Encoding.ASCII.GetString(span.Slice(at + 4, 4));
            int header = 8;
            if (size == 1)
            {
                if (at + 16 > data.Length) yield break;
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(span[(at + 8)..]);
                header = 16;
            }
            else if (size == 0) size = data.Length - at;
            if (size < header || at + size > data.Length) yield break;
            yield return (type, data.Slice(at + header, (int)size - header));
            at += (int)size;
        }
    }

    /// <summary>The payload of the first child of that type along a path (e.g. "trak", "mdia"), or empty.</summary>
    public static ReadOnlyMemory<byte> Find(ReadOnlyMemory<byte> data, params string[] path)
    {
        var current = data;
        foreach (var type in path)
        {
            bool found = false;
            foreach (var (t, payload) in Children(current))
            {
                if (t != type) continue;
                current = payload;
                found = true;
                break;
            }
            if (!found) return ReadOnlyMemory<byte>.Empty;
        }
        return current;
    }

    /// <summary>The video track of an init segment's moov: codec string as MSE wants it (<c>avc1.64001f</c>; for
    /// H.265 <c>hvc1</c>/<c>hev1</c> with profile and level), and the coded size.</summary>
    public static (string Codec, int Width, int Height) VideoTrack(ReadOnlyMemory<byte> moov)
    {
        foreach (var (type, trak) in Children(moov))
        {
            if (type != "trak") continue;
            var stsd = Find(trak, "mdia", "minf", "stbl", "stsd");
            if (stsd.Length < 8) continue;
            foreach (var (entry, body) in Children(stsd[8..]))
            {
                // A visual sample entry: 6 reserved, 2 data reference index, 16 pre-defined, then width and height
                // (2 each), then 50 more bytes before its child boxes.
                if (body.Length < 78) continue;
                int width = BinaryPrimitives.ReadUInt16BigEndian(body.Span[24..]), height = BinaryPrimitives.ReadUInt16BigEndian(body.Span[26..]);
                var boxes = body[78..];
                if (entry is "avc1" or "avc3" && Find(boxes, "avcC") is { Length: >= 4 } avcc)
                    return (string.Create(CultureInfo.InvariantCulture, $"{entry}.{avcc.Span[1]:x2}{avcc.Span[2]:x2}{avcc.Span[3]:x2}"), width, height);
                if (entry is "hvc1" or "hev1" && Find(boxes, "hvcC") is { Length: >= 13 } hvcc)
                    return (HevcCodec(entry, hvcc.Span), width, height);
                return (entry, width, height);
            }
        }
        return ("", 0, 0);
    }

    /// <summary>RFC 6381 / ISO 14496-15 E.3: <c>hev1.[A-C]profile.compatibility.Ttier+level.constraints</c> — the
    /// compatibility flags bit-reversed in hex, the constraint bytes in hex without trailing zero bytes.</summary>
    private static string HevcCodec(string entry, ReadOnlySpan<byte> h)
    {
        int space = h[1] >> 6, profile = h[1] & 0x1f;
        uint compat = BinaryPrimitives.ReadUInt32BigEndian(h[2..]), reversed = 0;
        for (int i = 0; i < 32; i++) reversed |= ((compat >> i) & 1) << (31 - i);
        var constraints = h.Slice(6, 6).ToArray().AsEnumerable().Reverse().SkipWhile(b => b == 0).Reverse().Select(b => b.ToString("X", CultureInfo.InvariantCulture));
        string text = string.Create(CultureInfo.InvariantCulture,
            $"{entry}.{(space > 0 ? ((char)('A' + space - 1)).ToString() : "")}{profile}.{reversed:X}.{((h[1] & 0x20) != 0 ? 'H' : 'L')}{h[12]}");
        return string.Join('.', new[] { text }.Concat(constraints));
    }

    /// <summary>The video track's timescale (units a second) from its mdhd; 0 when absent.</summary>
    public static uint Timescale(ReadOnlyMemory<byte> moov)
    {
        foreach (var (type, trak) in Children(moov))
        {
            if (type != "trak" || Find(trak, "mdia", "minf", "vmhd").Length == 0) continue;
            var mdhd = Find(trak, "mdia", "mdhd").Span;
            if (mdhd.Length < 24) continue;
            return BinaryPrimitives.ReadUInt32BigEndian(mdhd[(mdhd[0] == 1 ? 20 : 12)..]);
        }
        return 0;
    }

    /// <summary>The presentation time, in timescale units, of a fragment's first sample: tfdt's decode time plus the
    /// sample's composition offset (signed in trun version 1).</summary>
    public static long FirstPresentationTime(ReadOnlyMemory<byte> moof)
    {
        var traf = Find(moof, "traf");
        var tfdt = Find(traf, "tfdt").Span;
        var trun = Find(traf, "trun").Span;
        if (tfdt.Length < 8) return 0;
        long dts = tfdt[0] == 1 && tfdt.Length >= 12 ? (long)BinaryPrimitives.ReadUInt64BigEndian(tfdt[4..]) : BinaryPrimitives.ReadUInt32BigEndian(tfdt[4..]);
        if (trun.Length < 8 || FirstSample(trun).Cts is not { } at || trun.Length < at + 4) return dts;
        long cts = trun[0] == 1 ? BinaryPrimitives.ReadInt32BigEndian(trun[at..]) : BinaryPrimitives.ReadUInt32BigEndian(trun[at..]);
        return dts + cts;
    }

    /// <summary>Where a trun box (full box: version, flags, sample count) keeps its first sample's flags and composition
    /// offset, if it has them: the first-sample flags or the first sample's own flags, and its cts field.</summary>
    private static (int? Flags, int? Cts) FirstSample(ReadOnlySpan<byte> trun)
    {
        uint rf = BinaryPrimitives.ReadUInt32BigEndian(trun) & 0xffffff;
        int at = 8 + ((rf & 0x01) != 0 ? 4 : 0); // data offset
        if ((rf & 0x04) != 0) return (at, Cts(at + 4));
        return ((rf & 0x400) != 0 ? at + ((rf & 0x100) != 0 ? 4 : 0) + ((rf & 0x200) != 0 ? 4 : 0) : null, Cts(at));

        // The first sample's fields: duration, size, flags, then the composition offset.
        int? Cts(int sample) => (rf & 0x800) == 0 ? null
            : sample + ((rf & 0x100) != 0 ? 4 : 0) + ((rf & 0x200) != 0 ? 4 : 0) + ((rf & 0x400) != 0 ? 4 : 0);
    }

    /// <summary>The default sample flags of the first track's <c>trex</c> (moov/mvex), the last fallback for a
    /// fragment's sample flags.</summary>
    public static uint TrexDefaultFlags(ReadOnlyMemory<byte> moov) =>
        Find(moov, "mvex", "trex") is { Length: >= 24 } trex ? BinaryPrimitives.ReadUInt32BigEndian(trex.Span[20..]) : 0;

    /// <summary>True when the fragment's first sample is a sync sample (a keyframe): its flags come from trun's
    /// first-sample flags, else its own sample flags, else tfhd's defaults, else trex's; bit 16 is
    /// sample_is_non_sync_sample.</summary>
    public static bool StartsWithKeyframe(ReadOnlyMemory<byte> moof, uint trexDefaultFlags)
    {
        var traf = Find(moof, "traf");
        var tfhd = Find(traf, "tfhd").Span;
        var trun = Find(traf, "trun").Span;
        if (trun.Length < 8) return false;
        uint flags = trexDefaultFlags;
        if (tfhd.Length >= 8)
        {
            uint tf = BinaryPrimitives.ReadUInt32BigEndian(tfhd) & 0xffffff;
            int at = 8;
            if ((tf & 0x01) != 0) at += 8;
            if ((tf & 0x02) != 0) at += 4;
            if ((tf & 0x08) != 0) at += 4;
            if ((tf & 0x10) != 0) at += 4;
            if ((tf & 0x20) != 0 && tfhd.Length >= at + 4) flags = BinaryPrimitives.ReadUInt32BigEndian(tfhd[at..]);
        }
        if (FirstSample(trun).Flags is { } own && trun.Length >= own + 4) flags = BinaryPrimitives.ReadUInt32BigEndian(trun[own..]);
        return (flags & 0x10000) == 0;
    }
}
