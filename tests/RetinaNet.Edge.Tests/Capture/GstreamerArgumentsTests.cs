using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Tests.Capture;

public class GstreamerArgumentsTests
{
    private static string Pipeline(CameraOptions camera, PlayFile? file = null) =>
        string.Join(' ', GstreamerArguments.For(camera.Url, camera, (384, 256), file));

    [Fact]
    public void For_SoftwareRtsp_DecodebinThenSelectionScalingAndPipe()
    {
        var camera = new CameraOptions { Name = "c", Url = "rtsp://cam/stream", DetectFps = 5, StallSeconds = 2, Decoder = DecoderPreset.Gstreamer };
        Assert.Equal("-v rtspsrc location=rtsp://cam/stream protocols=tcp latency=0 buffer-mode=none tcp-timeout=7000000 ! decodebin"
            + " ! videorate name=select drop-only=true max-rate=5 ! videoscale method=bilinear2 ! video/x-raw,width=[1,384],height=[1,256],pixel-aspect-ratio=1/1"
            + " ! videoconvert ! video/x-raw,format=BGR ! identity name=stamp silent=false ! fdsink name=out fd=3 sync=false", Pipeline(camera));
    }

    [Fact]
    public void For_JetsonPreset_DecodesOnNvdecAndScalesOnTheVic()
    {
        var camera = new CameraOptions { Name = "c", Url = "rtsp://cam/stream", DetectFps = 10, DetectWidth = 640, DetectHeight = 640, Decoder = DecoderPreset.GstreamerJetson };
        var p = Pipeline(camera);
        Assert.Contains("! parsebin ! nvv4l2decoder ! videorate name=select drop-only=true max-rate=10 ! nvvidconv ! video/x-raw,format=BGRx,width=[1,640],height=[1,640],pixel-aspect-ratio=1/1 ! videoconvert ! video/x-raw,format=BGR !", p, StringComparison.Ordinal);
        Assert.DoesNotContain("videoscale", p, StringComparison.Ordinal);
    }

    [Fact]
    public void For_LiveFileAndDevice_FilePacedByClockDeviceByDecodebin()
    {
        var file = Pipeline(new CameraOptions { Name = "c", Url = "/videos/a b!.mp4", Decoder = DecoderPreset.Gstreamer }, new PlayFile(true));
        Assert.StartsWith("-v filesrc location=/videos/a b!.mp4 ! decodebin !", file, StringComparison.Ordinal);
        Assert.EndsWith("sync=true", file, StringComparison.Ordinal);
        var device = Pipeline(new CameraOptions { Name = "c", Url = "/dev/video0", Decoder = DecoderPreset.GstreamerJetson });
        Assert.StartsWith("-v v4l2src device=/dev/video0 ! decodebin !", device, StringComparison.Ordinal);
    }

    [Fact]
    public void For_InputArgs_ReplaceTheHead()
    {
        var camera = new CameraOptions { Name = "c", Url = "rtsp://cam/stream", Decoder = DecoderPreset.GstreamerJetson,
            DecoderInputArgs = ["rtspsrc", "location=rtsp://cam/stream", "!", "rtph265depay", "!", "h265parse", "!", "nvv4l2decoder"] };
        Assert.StartsWith("-v rtspsrc location=rtsp://cam/stream ! rtph265depay ! h265parse ! nvv4l2decoder ! videorate", Pipeline(camera), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_VerboseListing_SizesRateAndStreamTimes()
    {
        var dialect = new GstreamerDialect(DecoderPreset.Gstreamer);
        var input = dialect.Parse("/GstPipeline:pipeline0/GstVideoRate:select.GstPad:sink: caps = video/x-raw, format=(string)I420, width=(int)1920, height=(int)1080, interlace-mode=(string)progressive, framerate=(fraction)30000/1001");
        Assert.Equal((DecoderLineKind.Input, 1920, 1080), (input.Kind, input.Width, input.Height));
        Assert.Equal(29.97, input.Value, 2);
        var output = dialect.Parse("/GstPipeline:pipeline0/GstFdSink:out.GstPad:sink: caps = video/x-raw, width=(int)384, height=(int)216, framerate=(fraction)5/1, format=(string)BGR");
        Assert.Equal((DecoderLineKind.Output, 384, 216), (output.Kind, output.Width, output.Height));
        Assert.Equal(DecoderLineKind.Other, dialect.Parse("/GstPipeline:pipeline0/GstIdentity:stamp: last-message = event   ******* (stamp:sink) E (type: segment (17934), GstEventSegment, segment=(GstSegment)\"segment, flags=(GstSegmentFlags)GST_SEGMENT_FLAG_NONE, rate=(double)1, applied-rate=(double)1, format=(GstFormat)time, base=(guint64)0, offset=(guint64)0, start=(guint64)66666666, stop=(guint64)4066666666, time=(guint64)0, position=(guint64)66666666, duration=(guint64)18446744073709551615;\";) 0x7f287c03c4e0").Kind);
        var pts = dialect.Parse("/GstPipeline:pipeline0/GstIdentity:stamp: last-message = chain   ******* (stamp:sink) (248832 bytes, dts: none, pts: 0:00:00.266666666, duration: 0:00:00.200000000, offset: 1, offset_end:  2, flags: 00000000 , meta: GstVideoMeta) 0x7f4ea00045");
        Assert.Equal(DecoderLineKind.Pts, pts.Kind);
        Assert.Equal(0.2, pts.Value, 6); // pts − segment start + segment time
    }

    [Theory]
    [InlineData(DecoderPreset.GstreamerJetson, "WARNING: erroneous pipeline: no element \"nvv4l2decoder\"", "nvidia-l4t-gstreamer")]
    [InlineData(DecoderPreset.Gstreamer, "ERROR: from element /GstPipeline:pipeline0/GstDecodeBin:decodebin0: Your GStreamer installation is missing a plug-in.", "gstreamer1.0-libav")]
    [InlineData(DecoderPreset.Gstreamer, "sh: 1: exec: gst-launch-1.0: not found", "gstreamer1.0-tools")]
    public void Parse_MissingPart_OneLineNamingIt(DecoderPreset decoder, string line, string named)
    {
        var parsed = new GstreamerDialect(decoder).Parse(line);
        Assert.Equal(DecoderLineKind.Missing, parsed.Kind);
        Assert.StartsWith($"decoder {decoder.Name()} is not available on this box", parsed.Text, StringComparison.Ordinal);
        Assert.Contains(named, parsed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ElementError_TextWithoutTheElementPath()
    {
        var parsed = new GstreamerDialect(DecoderPreset.Gstreamer).Parse("ERROR: from element /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0: Could not open resource for reading and writing.");
        Assert.Equal((DecoderLineKind.Error, "gstreamer: Could not open resource for reading and writing."), (parsed.Kind, parsed.Text));
    }
}
