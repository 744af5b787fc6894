using System.ComponentModel.DataAnnotations;

namespace RetinaNet.Edge.LiveView;

/// <summary>agent.json <c>liveView</c>: how the live views are made — the annotated MJPEG / latest.jpg view's rate and
/// quality (both apply while the agent runs), and the encoder of the annotated HLS stream. (Who may watch, and on which
/// address, is <c>http</c>'s.)</summary>
public sealed class LiveViewOptions
{
    /// <summary>Annotated MJPEG frames per second; frames are drawn and encoded only while someone watches.</summary>
    [Configuration.AppliesLive] [Range(0.1, 60)] public double MjpegFps { get; set; } = 5;
    [Configuration.AppliesLive] [Range(10, 100)] public int JpegQuality { get; set; } = 80;
    /// <summary>Encoder of the annotated HLS stream (<c>/cameras/NAME/hls/index.m3u8</c>, made only while played).</summary>
    public HlsEncoder HlsEncoder { get; set; } = HlsEncoder.Libx264;
}

/// <summary>Source-generated validator of the live-view options' DataAnnotations (run by <c>ValidateOnStart</c>).</summary>
[Microsoft.Extensions.Options.OptionsValidator]
internal sealed partial class LiveViewOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<LiveViewOptions>;
