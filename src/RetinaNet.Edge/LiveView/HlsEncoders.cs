using System.Text.Json.Serialization;

namespace RetinaNet.Edge.LiveView;

/// <summary>The encoder of the annotated HLS stream (<c>http.hlsEncoder</c>), named as ffmpeg names it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HlsEncoder>))]
public enum HlsEncoder
{
    /// <summary>Software x264, ultrafast and zerolatency (the default).</summary>
    [JsonStringEnumMemberName("libx264")] Libx264,
    /// <summary>NVENC on NVIDIA GPU boxes.</summary>
    [JsonStringEnumMemberName("h264_nvenc")] Nvenc,
    /// <summary>The V4L2 memory-to-memory encoder of Jetson and Raspberry Pi boxes.</summary>
    [JsonStringEnumMemberName("h264_v4l2m2m")] V4l2m2m,
}

/// <summary>What each encoder runs: the box's H.264 encoder with low-latency settings, a keyframe every second
/// (segments of one second start with one).</summary>
internal static class HlsEncoders
{
    private static readonly string[] JsonNames = Common.JsonNames.Of<HlsEncoder>();

    /// <summary>The encoder's ffmpeg name (as written in agent.json).</summary>
    public static string Name(this HlsEncoder encoder) => JsonNames[(int)encoder];

    public static IEnumerable<string> Arguments(HlsEncoder encoder, string gop) => encoder switch
    {
        HlsEncoder.Nvenc => ["-c:v", "h264_nvenc", "-preset", "p1", "-tune", "ll", "-g", gop, "-pix_fmt", "yuv420p"],
        HlsEncoder.V4l2m2m => ["-c:v", "h264_v4l2m2m", "-g", gop, "-pix_fmt", "yuv420p"],
        _ => ["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", gop, "-sc_threshold", "0", "-pix_fmt", "yuv420p"],
    };

    /// <summary>One line naming what the box lacks when the encoder could not start; null for other failures.</summary>
    public static string? Missing(HlsEncoder encoder, string ffmpegError)
    {
        bool missing = ffmpegError.Contains("Unknown encoder", StringComparison.Ordinal) || ffmpegError.Contains("Cannot load", StringComparison.Ordinal)
            || ffmpegError.Contains("No capable devices", StringComparison.Ordinal) || ffmpegError.Contains("No NVENC capable", StringComparison.Ordinal)
            || ffmpegError.Contains("Could not find a valid device", StringComparison.Ordinal) || ffmpegError.Contains("Error initializing output stream", StringComparison.Ordinal);
        if (!missing) return null;
        string need = encoder switch
        {
            HlsEncoder.Nvenc => "an NVIDIA GPU with its driver (libcuda.so.1, libnvidia-encode.so.1) and an ffmpeg built with NVENC",
            HlsEncoder.V4l2m2m => "a V4L2 memory-to-memory H.264 encoder device (Jetson, Raspberry Pi)",
            _ => "an ffmpeg built with libx264",
        };
        string first = ffmpegError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return $"encoder {encoder.Name()} is not available on this box: it needs {need} ({first})";
    }
}
