namespace RetinaNet.Edge.LiveView;

/// <summary>The encoders the annotated stream can use (<c>http.hlsEncoder</c>): the box's H.264 encoder with low-latency
/// settings, a keyframe every second (segments of one second start with one).</summary>
internal static class HlsEncoders
{
    public const string Pattern = "^(libx264|h264_nvenc|h264_v4l2m2m)$";
    public const string Names = "libx264, h264_nvenc or h264_v4l2m2m";

    public static IEnumerable<string> Arguments(string encoder, string gop) => encoder switch
    {
        "h264_nvenc" => ["-c:v", "h264_nvenc", "-preset", "p1", "-tune", "ll", "-g", gop, "-pix_fmt", "yuv420p"],
        "h264_v4l2m2m" => ["-c:v", "h264_v4l2m2m", "-g", gop, "-pix_fmt", "yuv420p"], // Jetson / Raspberry Pi V4L2 encoder
        _ => ["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", gop, "-sc_threshold", "0", "-pix_fmt", "yuv420p"],
    };

    /// <summary>One line naming what the box lacks when the encoder could not start; null for other failures.</summary>
    public static string? Missing(string encoder, string ffmpegError)
    {
        bool missing = ffmpegError.Contains("Unknown encoder", StringComparison.Ordinal) || ffmpegError.Contains("Cannot load", StringComparison.Ordinal)
            || ffmpegError.Contains("No capable devices", StringComparison.Ordinal) || ffmpegError.Contains("No NVENC capable", StringComparison.Ordinal)
            || ffmpegError.Contains("Could not find a valid device", StringComparison.Ordinal) || ffmpegError.Contains("Error initializing output stream", StringComparison.Ordinal);
        if (!missing) return null;
        string need = encoder switch
        {
            "h264_nvenc" => "an NVIDIA GPU with its driver (libcuda.so.1, libnvidia-encode.so.1) and an ffmpeg built with NVENC",
            "h264_v4l2m2m" => "a V4L2 memory-to-memory H.264 encoder device (Jetson, Raspberry Pi)",
            _ => "an ffmpeg built with libx264",
        };
        string first = ffmpegError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return $"encoder {encoder} is not available on this box: it needs {need} ({first})";
    }
}
