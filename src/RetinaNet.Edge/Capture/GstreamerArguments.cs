using System.Globalization;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Capture;

/// <summary>A camera's GStreamer pipeline for <c>gst-launch-1.0</c>: source → decoder → <c>videorate</c> (keeps only
/// the frames the detector takes, at most detectFps whole frames a second) → scaling to the working size (aspect kept,
/// never upscaled: the caps bound width and height and ask for square pixels) → BGR → <c>identity</c> (reports each
/// frame's timestamp) → <c>fdsink</c> on descriptor 3, which the launcher maps to the agent's pipe. On a Jetson
/// (<see cref="DecoderPreset.GstreamerJetson"/>) <c>nvv4l2decoder</c> decodes on NVDEC and <c>nvvidconv</c> scales on the
/// VIC: frames the selection drops never leave the device memory. Each argument is one token of the pipeline
/// (gst-launch escapes the spaces inside an argument), so a path or password needs no quoting.</summary>
internal static class GstreamerArguments
{
    /// <summary>Element names the dialect reads the caps and timestamps of.</summary>
    public const string Select = "select", Stamp = "stamp", Out = "out";

    public static IEnumerable<string> For(string url, CameraOptions camera, (int Width, int Height) workingSize, PlayFile? file)
    {
        yield return "-v"; // caps and identity's messages on standard output, which the launcher sends to standard error
        foreach (var t in camera.DecoderInputArgs.Count > 0 ? camera.DecoderInputArgs : Head(url, camera)) yield return t;
        foreach (var t in Tail(camera, workingSize, live: file is null)) yield return t;
    }

    /// <summary>Source and decoder.</summary>
    public static IEnumerable<string> Head(string url, CameraOptions camera)
    {
        long timeoutUs = (long)(TimeSpan.FromSeconds(camera.StallSeconds).TotalMicroseconds + 5_000_000);
        bool device = url.StartsWith("/dev/", StringComparison.Ordinal);
        string[] source = url.StartsWith("rtsp", StringComparison.OrdinalIgnoreCase)
            ? ["rtspsrc", $"location={url}", "protocols=tcp", "latency=0", "buffer-mode=none", $"tcp-timeout={timeoutUs.ToString(CultureInfo.InvariantCulture)}"]
            : device ? ["v4l2src", $"device={url}"]
            : url.Contains("://", StringComparison.Ordinal) ? ["souphttpsrc", $"location={url}", $"timeout={(timeoutUs / 1_000_000).ToString(CultureInfo.InvariantCulture)}"]
            : ["filesrc", $"location={url}"];
        foreach (var t in source) yield return t;
        yield return "!";
        // A V4L2 device sends raw or MJPEG frames: decodebin handles both, also on a Jetson.
        if (camera.Decoder == DecoderPreset.GstreamerJetson && !device) { yield return "parsebin"; yield return "!"; yield return "nvv4l2decoder"; }
        else yield return "decodebin";
    }

    /// <summary>Selection, scaling, conversion, timestamps and the pipe.</summary>
    public static IEnumerable<string> Tail(CameraOptions camera, (int Width, int Height) workingSize, bool live)
    {
        int rate = Math.Max(1, (int)Math.Round(camera.DetectFps));
        yield return "!"; yield return "videorate"; yield return $"name={Select}"; yield return "drop-only=true"; yield return $"max-rate={rate.ToString(CultureInfo.InvariantCulture)}";
        int w = camera.DetectWidth > 0 ? camera.DetectWidth : workingSize.Width;
        int h = camera.DetectHeight > 0 ? camera.DetectHeight : workingSize.Height;
        string bound = w > 0 && h > 0 ? string.Create(CultureInfo.InvariantCulture, $",width=[1,{w}],height=[1,{h}],pixel-aspect-ratio=1/1") : "";
        yield return "!";
        if (camera.Decoder == DecoderPreset.GstreamerJetson) { yield return "nvvidconv"; yield return "!"; yield return $"video/x-raw,format=BGRx{bound}"; }
        else { yield return "videoscale"; yield return "method=bilinear2"; yield return "!"; yield return $"video/x-raw{bound}"; }
        yield return "!"; yield return "videoconvert"; yield return "!"; yield return "video/x-raw,format=BGR";
        yield return "!"; yield return "identity"; yield return $"name={Stamp}"; yield return "silent=false";
        // A file played as a camera is paced by the clock (ffmpeg's -re); a live source paces itself.
        yield return "!"; yield return "fdsink"; yield return $"name={Out}"; yield return "fd=3"; yield return live ? "sync=false" : "sync=true";
    }
}
