using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Configuration;

/// <summary>config/cameras/NAME.json: one camera.</summary>
public sealed class CameraOptions
{
    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "must be 1-64 letters, digits, '_' or '-'")]
    public string Name { get; set; } = "";
    public bool Enabled { get; set; } = true;
    /// <summary>rtsp://, http(s)://, file path or file:// URL, or a V4L2 device (/dev/videoN).</summary>
    [Required(AllowEmptyStrings = false)] public string Url { get; set; } = "";
    /// <summary>Environment variable with the RTSP password, inserted into the URL (never logged).</summary>
    public string? PasswordEnv { get; set; }
    /// <summary>Files: start again at the end.</summary>
    public bool Loop { get; set; }
    /// <summary>Files: read at the file's frame rate (true) or as fast as the pipeline takes them.</summary>
    public bool RealTime { get; set; } = true;
    [Range(0.1, 240)] public double DetectFps { get; set; } = Defaults.DetectFps;
    /// <summary>Frames larger than this are scaled down before inference (0: no limit).</summary>
    [Range(0, 16384)] public int MaxWidth { get; set; }
    [Range(0, 16384)] public int MaxHeight { get; set; }
    /// <summary>Working size the decoder scales the selected frames to (streams, devices and live files; aspect
    /// kept, never upscaled). 0: the model input's size. Boxes, zones and events stay in full-resolution pixels.</summary>
    [Range(0, 16384)] public int DetectWidth { get; set; }
    [Range(0, 16384)] public int DetectHeight { get; set; }
    /// <summary>Who decodes the camera: ffmpeg (software, default), ffmpeg-cuda (NVDEC), ffmpeg-vaapi, ffmpeg-qsv,
    /// gstreamer (gst-launch-1.0, decodebin) or gstreamer-nvv4l2 (Jetson: nvv4l2decoder + nvvidconv).</summary>
    public Capture.DecoderPreset Decoder { get; set; } = Capture.DecoderPreset.Ffmpeg;
    /// <summary>Escape hatch. ffmpeg presets: extra input options placed before -i (e.g. ["-hwaccel_device",
    /// "/dev/dri/renderD129"]). GStreamer presets: the pipeline's head — source to decoded video, in gst-launch
    /// tokens (e.g. ["rtspsrc", "location=rtsp://…", "!", "rtph265depay", "!", "h265parse", "!", "nvv4l2decoder"]) —
    /// replacing the built-in one; frame selection, scaling and the pipe stay the agent's.</summary>
    public List<string> DecoderInputArgs { get; set; } = [];
    /// <summary>The decoder child's niceness (0–19, added to the agent's): on a box near its limit, detection keeps
    /// its pace and the decoders take the CPU it leaves (their lag is measured: <c>retinanet_camera_decoder_lag_seconds</c>).
    /// Off by default: a niced decoder yields to every other process on the box too, and starved for 2 s it trips
    /// the stall timer (seen with a test suite loading both cores). For boxes that run the agent alone.</summary>
    [Range(0, 19)] public int DecoderNice { get; set; } = Defaults.DecoderNice;
    /// <summary>The browser live view gets the camera's own compressed video, remuxed (not re-encoded) into
    /// fragmented MP4 by the same ffmpeg child that decodes it — one connection to the camera, one timeline for video
    /// and boxes. ffmpeg presets on network streams and live files; V4L2 devices and GStreamer presets use the
    /// MJPEG view. False: the MJPEG view only.</summary>
    public bool LiveVideo { get; set; } = true;
    [Range(1, 3600)] public double StallSeconds { get; set; } = Defaults.StallSeconds;
    [Range(1, 3600)] public double ReconnectMaxSeconds { get; set; } = Defaults.ReconnectMaxSeconds;
    [Range(1, 64)] public int QueueCapacity { get; set; } = Defaults.QueueCapacity;
    /// <summary>Labels reported; empty reports all.</summary>
    public List<string> Labels { get; set; } = [];
    /// <summary>Per-label minimum score for events; other labels use <see cref="MinScore"/>.</summary>
    public Dictionary<string, float> LabelThresholds { get; set; } = [];
    [Range(0.0, 1.0)] public float MinScore { get; set; } = Defaults.EventScoreThreshold;
    /// <summary>Box area limits in source pixels (0: none).</summary>
    [Range(0, double.MaxValue)] public double MinArea { get; set; }
    [Range(0, double.MaxValue)] public double MaxArea { get; set; }

    /// <summary>Polygons with entered / left / loitering events and counts.</summary>
    [Microsoft.Extensions.Options.ValidateEnumeratedItems] public List<Zones.ZoneOptions> Zones { get; set; } = [];
    /// <summary>Directed lines with crossed events and in / out counters.</summary>
    [Microsoft.Extensions.Options.ValidateEnumeratedItems] public List<Zones.LineOptions> Lines { get; set; } = [];

    [JsonIgnore] public string SourceFile { get; set; } = "";
}
