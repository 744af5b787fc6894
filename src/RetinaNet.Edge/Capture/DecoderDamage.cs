using System.Text.RegularExpressions;

namespace RetinaNet.Edge.Capture;

/// <summary>What FFmpeg's decoders (h264, hevc, mpeg4, mjpeg …) say about damaged or missing data, whether they run in
/// an ffmpeg child process or inside OpenCV.</summary>
internal static partial class DecoderDamage
{
    public static bool IsDamage(string line) => Pattern().IsMatch(line);

    [GeneratedRegex(@"error while decoding|concealing \d+|decode_slice_header|non-existing PPS|no frame!|missing picture|corrupt|Invalid NAL|illegal|overread|out of range|mmco|Error splitting|Invalid data found", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
