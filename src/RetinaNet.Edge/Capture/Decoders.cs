using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Capture;

/// <summary>Who decodes a camera (its <c>decoder</c>); written with these names in camera files, messages and on the
/// command line.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DecoderPreset>))]
public enum DecoderPreset
{
    /// <summary>Software decoding by Debian's ffmpeg (the default).</summary>
    [JsonStringEnumMemberName("ffmpeg")] Ffmpeg,
    /// <summary>NVDEC on x86 NVIDIA GPU boxes (ffmpeg <c>-hwaccel cuda</c>).</summary>
    [JsonStringEnumMemberName("ffmpeg-cuda")] FfmpegCuda,
    /// <summary>VA-API (Intel/AMD GPUs) through <c>/dev/dri/renderD128</c>.</summary>
    [JsonStringEnumMemberName("ffmpeg-vaapi")] FfmpegVaapi,
    /// <summary>Intel Quick Sync (oneVPL/Media SDK).</summary>
    [JsonStringEnumMemberName("ffmpeg-qsv")] FfmpegQsv,
    /// <summary>A GStreamer pipeline run by <c>gst-launch-1.0</c> whose decodebin picks the decoder (here
    /// <c>avdec_h264</c>/<c>avdec_h265</c> of gstreamer1.0-libav: the Jetson path in software).</summary>
    [JsonStringEnumMemberName("gstreamer")] Gstreamer,
    /// <summary>Jetson: <c>nvv4l2decoder</c> (NVDEC) and <c>nvvidconv</c> (VIC scaling) of NVIDIA's L4T GStreamer plugins.</summary>
    [JsonStringEnumMemberName("gstreamer-nvv4l2")] GstreamerJetson,
}

/// <summary>What each decoder preset runs.</summary>
internal static class Decoders
{
    private static readonly string[] JsonNames = Common.JsonNames.Of<DecoderPreset>();

    /// <summary>The preset's name as written in camera files (e.g. <c>ffmpeg-cuda</c>).</summary>
    public static string Name(this DecoderPreset decoder) => JsonNames[(int)decoder];

    /// <summary>The preset named <paramref name="name"/> (as in camera files).</summary>
    public static DecoderPreset Parse(string name)
    {
        int i = Array.IndexOf(JsonNames, name);
        return i >= 0 ? (DecoderPreset)i : throw new ArgumentException($"unknown decoder {name}", nameof(name));
    }

    public static bool IsGstreamer(this DecoderPreset decoder) => decoder is DecoderPreset.Gstreamer or DecoderPreset.GstreamerJetson;

    /// <summary>A fresh dialect for one run of the camera's decoder process.</summary>
    public static IDecoderDialect Dialect(DecoderPreset decoder, string ffmpegPath) =>
        decoder.IsGstreamer() ? new GstreamerDialect(decoder) : new FfmpegDialect(decoder, ffmpegPath);
}
