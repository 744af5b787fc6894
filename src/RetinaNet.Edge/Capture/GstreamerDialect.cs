using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Capture;

/// <summary>GStreamer's <c>gst-launch-1.0 -v</c> as the decoder (<see cref="GstreamerArguments"/>), started through
/// <c>/bin/sh</c> so that its frames (descriptor 3) reach the agent's pipe and its verbose listing goes to standard
/// error. The caps of the selection's input give the camera's size and rate, those of the sink the pipe's frame size;
/// <c>identity</c>'s segment and buffer messages give each frame's stream time (pts − segment start + segment time).</summary>
internal sealed partial class GstreamerDialect(DecoderPreset decoder) : IDecoderDialect
{
    private double _segmentStart, _segmentTime;
    private bool _debugInfoNext;

    public string Install => "apt-get install gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav";

    /// <summary>No live-view output: these cameras use the MJPEG view.</summary>
    public bool RemuxesLive => false;

    public ProcessStartInfo Start(string url, CameraOptions camera, (int Width, int Height) workingSize, PlayFile? file, string? live = null)
    {
        var psi = new ProcessStartInfo("/bin/sh");
        foreach (var a in new[] { "-c", "exec \"$@\" 3>&1 1>&2", "sh", "gst-launch-1.0" }) psi.ArgumentList.Add(a);
        foreach (var a in GstreamerArguments.For(url, camera, workingSize, file)) psi.ArgumentList.Add(a);
        return psi;
    }

    public DecoderLine Parse(string line)
    {
        if (line.Contains(GstreamerArguments.Stamp + ": last-message = ", StringComparison.Ordinal))
        {
            if (Buffer().Match(line) is { Success: true } b) return new(DecoderLineKind.Pts, Time(b) - _segmentStart + _segmentTime);
            if (Segment().Match(line) is { Success: true } s)
            {
                _segmentStart = Nanoseconds(s.Groups[1].Value);
                _segmentTime = Nanoseconds(s.Groups[2].Value);
            }
            return DecoderLine.Nothing;
        }
        if (Caps().Match(line) is { Success: true } caps)
        {
            int w = int.Parse(caps.Groups[3].Value, CultureInfo.InvariantCulture), h = int.Parse(caps.Groups[4].Value, CultureInfo.InvariantCulture);
            if (caps.Groups[1].Value == GstreamerArguments.Out && caps.Groups[2].Value == "sink") return new(DecoderLineKind.Output, 0, w, h);
            if (caps.Groups[1].Value == GstreamerArguments.Select && caps.Groups[2].Value == "sink")
            {
                double fps = Rate().Match(line) is { Success: true } r && double.Parse(r.Groups[2].Value, CultureInfo.InvariantCulture) is > 0 and var den
                    ? double.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture) / den : 0;
                return new(DecoderLineKind.Input, fps, w, h);
            }
            return DecoderLine.Nothing;
        }
        if (line.StartsWith('/')) return DecoderLine.Nothing; // other property notifications
        if (Missing(line) is { } missing) return new(DecoderLineKind.Missing, Text: missing);
        if (ErrorLine().Match(line) is { Success: true } e) { _debugInfoNext = false; return new(DecoderLineKind.Error, Text: "gstreamer: " + e.Groups[1].Value.Trim()); }
        if (line.StartsWith("Additional debug info:", StringComparison.Ordinal)) { _debugInfoNext = true; return DecoderLine.Nothing; }
        if (_debugInfoNext && line.Length > 0 && !line.Contains("): ", StringComparison.Ordinal))
        {
            _debugInfoNext = false;
            return new(DecoderLineKind.Error, Text: "gstreamer: " + line.Trim());
        }
        return DecoderLine.Nothing;
    }

    /// <summary>One line naming what is missing when the pipeline cannot be built or a stream cannot be decoded
    /// on this box; null for any other line.</summary>
    public string? Missing(string line)
    {
        if (line.Contains("gst-launch-1.0: not found", StringComparison.Ordinal))
            return $"decoder {decoder.Name()} is not available on this box: gst-launch-1.0 is not installed ({Install})";
        if (NoElement().Match(line) is { Success: true } m)
        {
            string need = decoder == DecoderPreset.GstreamerJetson
                ? "NVIDIA's L4T GStreamer plugins (nvv4l2decoder, nvvidconv: JetPack's nvidia-l4t-gstreamer)"
                : $"the GStreamer plugin providing {m.Groups[1].Value}";
            return $"decoder {decoder.Name()} is not available on this box: it needs {need} (no element \"{m.Groups[1].Value}\")";
        }
        if (line.Contains("missing a plug-in", StringComparison.Ordinal))
            return $"decoder {decoder.Name()} is not available on this box: no GStreamer decoder for this stream's codec (apt-get install gstreamer1.0-libav)";
        return null;
    }

    private static double Time(Match m) =>
        int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 3600 + int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) * 60
        + double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);

    private static double Nanoseconds(string value) =>
        ulong.TryParse(value, CultureInfo.InvariantCulture, out var ns) && ns != ulong.MaxValue ? ns / 1e9 : 0;

    [GeneratedRegex(@"\(\d+ bytes, dts: [^,]*, pts: (\d+):(\d\d):(\d\d\.\d+)")]
    private static partial Regex Buffer();

    [GeneratedRegex(@"type: segment .*?start=\(guint64\)(\d+).*? time=\(guint64\)(\d+)")]
    private static partial Regex Segment();

    [GeneratedRegex(@"^/GstPipeline:\w+/\w+:(\w+)\.GstPad:(\w+): caps = video/x-raw[^,]*,.*?width=\(int\)(\d+), height=\(int\)(\d+)")]
    private static partial Regex Caps();

    [GeneratedRegex(@"framerate=\(fraction\)(\d+)/(\d+)")]
    private static partial Regex Rate();

    [GeneratedRegex(@"no element ""([\w-]+)""")]
    private static partial Regex NoElement();

    [GeneratedRegex(@"^ERROR: (?:from element \S+: )?(.+)$")]
    private static partial Regex ErrorLine();
}
