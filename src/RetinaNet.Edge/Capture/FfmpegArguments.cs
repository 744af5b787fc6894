using System.Globalization;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Capture;

/// <summary>A camera's ffmpeg command line. Only the frames the detector takes cross the pipe: the filter graph
/// selects them by presentation time at the camera's detectFps (keeping each frame's own timestamp, unlike the fps
/// filter, which re-times frames), scales them to the working size (aspect kept, never upscaled; swscale's bilinear,
/// whose filter widens with the downscale factor so that it averages like area scaling — which cost 0.11 cores more
/// per 2160p15 camera, bilinear about nothing), and <c>showinfo</c> reports each one's timestamp on standard error. Hardware decoders keep the frames on the device
/// until selected: only those are downloaded (<c>hwdownload</c>) before scaling.</summary>
internal static class FfmpegArguments
{
    /// <param name="workingSize">Largest working size (the model input when the camera sets none).</param>
    /// <param name="live">Where to write the camera's video remuxed into fragmented MP4 for the live view, or null.</param>
    public static IEnumerable<string> For(string url, CameraOptions camera, (int Width, int Height) workingSize, PlayFile? file, string? live = null)
    {
        var timeout = ((long)(TimeSpan.FromSeconds(camera.StallSeconds).TotalMicroseconds + 5_000_000)).ToString(CultureInfo.InvariantCulture);
        yield return "-nostdin"; yield return "-y"; yield return "-hide_banner"; yield return "-nostats"; yield return "-loglevel"; yield return "info";
        // Start fast: probe only what it takes to learn the codec. The packets read while probing are kept and decoded
        // (no -fflags nobuffer, which discards them: an RTSP stream then lost its first second of frames).
        yield return "-probesize"; yield return "32768"; yield return "-analyzeduration"; yield return "0";
        foreach (var a in HardwareInput(camera.Decoder)) yield return a;
        // Software decoding threads by slice, never by frame: frame threading holds each frame back by one frame per
        // extra thread (measured on 2 cores: +55 ms at 1080p30 H.264, +61 ms H.265, +86 ms 2160p15) for no CPU saved;
        // cameras are the parallelism. A stream one core cannot decode can ask for it back (decoderInputArgs
        // "-thread_type", "frame": the later option wins).
        if (camera.Decoder == DecoderPreset.Ffmpeg) { yield return "-thread_type"; yield return "slice"; }
        foreach (var a in camera.DecoderInputArgs) yield return a;
        if (file is not null) { yield return "-re"; if (file.Loop) { yield return "-stream_loop"; yield return "-1"; } }
        else if (url.StartsWith("rtsp", StringComparison.OrdinalIgnoreCase)) { yield return "-rtsp_transport"; yield return "tcp"; yield return "-timeout"; yield return timeout; }
        else if (url.StartsWith("/dev/", StringComparison.Ordinal)) { yield return "-f"; yield return "v4l2"; }
        else if (url.Contains("://", StringComparison.Ordinal)) { yield return "-rw_timeout"; yield return timeout; }
        yield return "-i"; yield return url;
        yield return "-map"; yield return "0:v:0"; yield return "-an"; yield return "-sn"; yield return "-dn";
        yield return "-vf"; yield return Filters(camera, workingSize);
        // Frames keep their timestamps and none is duplicated or dropped after the filter graph.
        yield return "-fps_mode"; yield return "passthrough";
        yield return "-f"; yield return "rawvideo"; yield return "-pix_fmt"; yield return "bgr24"; yield return "pipe:1";
        if (live is null) yield break;
        // The same packets, not decoded: one fragment per frame (the browser shows a frame as soon as it arrives), the
        // moov first and empty, flushed per packet. negative_cts_offsets: a stream with B-frames starts with a negative
        // decode time, which the muxer would otherwise cure by delaying every presentation time by the reorder depth —
        // with it the video's presentation times are the decoded frames' own (showinfo's), the clock of the boxes.
        yield return "-map"; yield return "0:v:0"; yield return "-an"; yield return "-sn"; yield return "-dn"; yield return "-c:v"; yield return "copy";
        yield return "-f"; yield return "mp4"; yield return "-movflags"; yield return "+frag_every_frame+empty_moov+default_base_moof+negative_cts_offsets";
        yield return "-flush_packets"; yield return "1"; yield return live;
    }

    /// <summary>ffmpeg's words when the live-view output cannot carry the camera's codec (the camera then runs
    /// without it).</summary>
    public static bool LiveOutputFailed(string line) =>
        line.Contains("Could not write header", StringComparison.Ordinal) || line.Contains("not currently supported in container", StringComparison.Ordinal)
        || line.Contains("Could not find tag for codec", StringComparison.Ordinal);

    /// <summary>select (by presentation time) → [hwdownload] → scale → showinfo.</summary>
    public static string Filters(CameraOptions camera, (int Width, int Height) workingSize)
    {
        // A frame is taken when at least 90 % of the detect interval has passed since the last one taken: a 30 fps
        // camera at detectFps 5 gives every 6th frame even when its timestamps jitter by a few milliseconds.
        string interval = (0.9 / camera.DetectFps).ToString("0.######", CultureInfo.InvariantCulture);
        var parts = new List<string> { $"select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,{interval})'" };
        if (camera.Decoder != DecoderPreset.Ffmpeg) { parts.Add("hwdownload"); parts.Add("format=nv12"); }
        int w = camera.DetectWidth > 0 ? camera.DetectWidth : workingSize.Width;
        int h = camera.DetectHeight > 0 ? camera.DetectHeight : workingSize.Height;
        if (w > 0 && h > 0) parts.Add($"scale=w='min({w},iw)':h='min({h},ih)':force_original_aspect_ratio=decrease:flags=bilinear");
        parts.Add("showinfo");
        return string.Join(',', parts);
    }

    /// <summary>The input options of a hardware decoder preset (the decoded frames stay on the device).</summary>
    public static IEnumerable<string> HardwareInput(DecoderPreset decoder) => decoder switch
    {
        DecoderPreset.FfmpegCuda => ["-hwaccel", "cuda", "-hwaccel_output_format", "cuda"],
        DecoderPreset.FfmpegVaapi => ["-hwaccel", "vaapi", "-hwaccel_device", "/dev/dri/renderD128", "-hwaccel_output_format", "vaapi"],
        DecoderPreset.FfmpegQsv => ["-hwaccel", "qsv", "-hwaccel_output_format", "qsv"],
        _ => [],
    };

    /// <summary>ffmpeg's words when a hardware decoder cannot start on this box, turned into one line naming what is
    /// missing; null for any other message.</summary>
    public static string? MissingHardware(DecoderPreset decoder, string line)
    {
        if (decoder == DecoderPreset.Ffmpeg || decoder.IsGstreamer()) return null;
        bool hw = line.Contains("Device creation failed", StringComparison.Ordinal) || line.Contains("Cannot load", StringComparison.Ordinal)
            || line.Contains("Failed to set value", StringComparison.Ordinal) && line.Contains("hwaccel", StringComparison.Ordinal)
            || line.Contains("No device available", StringComparison.Ordinal) || line.Contains("Error initializing", StringComparison.Ordinal) && line.Contains("hw", StringComparison.OrdinalIgnoreCase)
            || line.Contains("cannot open", StringComparison.OrdinalIgnoreCase) && line.Contains("/dev/dri", StringComparison.Ordinal);
        if (!hw) return null;
        string need = decoder switch
        {
            DecoderPreset.FfmpegCuda => "an NVIDIA GPU with its driver (libcuda.so.1) and an ffmpeg built with CUDA",
            DecoderPreset.FfmpegVaapi => "a VA-API device (/dev/dri/renderD128) with its driver",
            _ => "an Intel GPU with oneVPL/Media SDK (libmfx/libvpl)",
        };
        return $"decoder {decoder.Name()} is not available on this box: it needs {need} ({line.Trim()})";
    }
}
