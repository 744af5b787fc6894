namespace RetinaNet.Edge.Capture;

/// <summary>The decoder presets a camera can choose (<c>decoder</c>), and which child process each one runs.</summary>
internal static class Decoders
{
    /// <summary>Software decoding by Debian's ffmpeg (the default).</summary>
    public const string Ffmpeg = "ffmpeg";
    /// <summary>NVDEC on x86 NVIDIA GPU boxes (ffmpeg <c>-hwaccel cuda</c>).</summary>
    public const string FfmpegCuda = "ffmpeg-cuda";
    /// <summary>VA-API (Intel/AMD GPUs) through <c>/dev/dri/renderD128</c>.</summary>
    public const string FfmpegVaapi = "ffmpeg-vaapi";
    /// <summary>Intel Quick Sync (oneVPL/Media SDK).</summary>
    public const string FfmpegQsv = "ffmpeg-qsv";
    /// <summary>A GStreamer pipeline run by <c>gst-launch-1.0</c> whose decodebin picks the decoder (here
    /// <c>avdec_h264</c>/<c>avdec_h265</c> of gstreamer1.0-libav: the Jetson path in software).</summary>
    public const string Gstreamer = "gstreamer";
    /// <summary>Jetson: <c>nvv4l2decoder</c> (NVDEC) and <c>nvvidconv</c> (VIC scaling) of NVIDIA's L4T GStreamer plugins.</summary>
    public const string GstreamerJetson = "gstreamer-nvv4l2";

    /// <summary>The validation pattern of <c>decoder</c> (a camera file's value must be one of the presets).</summary>
    public const string Pattern = "^(ffmpeg|ffmpeg-cuda|ffmpeg-vaapi|ffmpeg-qsv|gstreamer|gstreamer-nvv4l2)$";
    public const string Names = "ffmpeg, ffmpeg-cuda, ffmpeg-vaapi, ffmpeg-qsv, gstreamer or gstreamer-nvv4l2";

    public static bool IsGstreamer(string decoder) => decoder.StartsWith("gstreamer", StringComparison.Ordinal);

    /// <summary>A fresh dialect for one run of the camera's decoder process.</summary>
    public static IDecoderDialect Dialect(string decoder, string ffmpegPath) =>
        IsGstreamer(decoder) ? new GstreamerDialect(decoder) : new FfmpegDialect(decoder, ffmpegPath);
}
