using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Tests.Capture;

public class FfmpegArgumentsTests
{
    private static List<string> Args(CameraOptions camera, PlayFile? file = null) => [.. FfmpegArguments.For(camera.Url, camera, (384, 256), file)];

    private static string Filter(List<string> args) => args[args.IndexOf("-vf") + 1];

    [Fact]
    public void For_SoftwareDecoder_SelectsAtDetectFpsScalesToModelAndReportsTimestamps()
    {
        var args = Args(new CameraOptions { Name = "c", Url = "rtsp://cam/stream", DetectFps = 5 });
        Assert.Equal("select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,0.18)',scale=w='min(384,iw)':h='min(256,ih)':force_original_aspect_ratio=decrease:flags=bilinear,showinfo", Filter(args));
        Assert.DoesNotContain("-hwaccel", args);
        // Slice threads only: frame threading delays every frame by a frame per extra thread.
        Assert.Equal(["-thread_type", "slice"], args.Skip(args.IndexOf("-thread_type")).Take(2));
        Assert.True(args.IndexOf("-thread_type") < args.IndexOf("-i"));
        Assert.DoesNotContain("nobuffer", args); // it discards the packets read while probing: an RTSP stream lost its first second
        Assert.Equal(["-fps_mode", "passthrough"], args.Skip(args.IndexOf("-fps_mode")).Take(2));
        Assert.Equal(["-rtsp_transport", "tcp"], args.Skip(args.IndexOf("-rtsp_transport")).Take(2));
        Assert.Equal(["-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"], args.TakeLast(5));
    }

    [Theory]
    [InlineData(DecoderPreset.FfmpegCuda, "cuda")]
    [InlineData(DecoderPreset.FfmpegVaapi, "vaapi")]
    [InlineData(DecoderPreset.FfmpegQsv, "qsv")]
    public void For_HardwarePreset_DecodesOnDeviceAndDownloadsOnlySelectedFrames(DecoderPreset decoder, string hwaccel)
    {
        var args = Args(new CameraOptions { Name = "c", Url = "rtsp://cam/stream", DetectFps = 10, Decoder = decoder });
        Assert.Equal(hwaccel, args[args.IndexOf("-hwaccel") + 1]);
        Assert.Equal(hwaccel, args[args.IndexOf("-hwaccel_output_format") + 1]);
        Assert.True(args.IndexOf("-hwaccel") < args.IndexOf("-i"));
        var filter = Filter(args);
        Assert.StartsWith("select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,0.09)',hwdownload,format=nv12,scale=", filter);
    }

    [Fact]
    public void For_DetectSizeAndInputArgs_UsedBeforeTheInput()
    {
        var camera = new CameraOptions { Name = "c", Url = "/dev/video0", DetectWidth = 640, DetectHeight = 360, DecoderInputArgs = ["-input_format", "mjpeg"] };
        var args = Args(camera);
        Assert.Contains("scale=w='min(640,iw)':h='min(360,ih)'", Filter(args), StringComparison.Ordinal);
        Assert.True(args.IndexOf("-input_format") < args.IndexOf("-i"));
        Assert.True(args.IndexOf("-thread_type") < args.IndexOf("-input_format"), "the camera's own input options come last and win");
        Assert.Equal(["-f", "v4l2"], args.Skip(args.IndexOf("-i") - 2).Take(2));
    }

    [Fact]
    public void For_PlayedFile_PacedAndLooped()
    {
        var args = Args(new CameraOptions { Name = "c", Url = "/data/clip.mp4" }, new PlayFile(Loop: true));
        Assert.Equal(["-re", "-stream_loop", "-1", "-i", "/data/clip.mp4"], args.Skip(args.IndexOf("-re")).Take(5));
    }

    [Theory]
    [InlineData(DecoderPreset.FfmpegCuda, "[AVHWDeviceContext @ 0x5619b5c9b840] Cannot load libcuda.so.1", "libcuda.so.1")]
    [InlineData(DecoderPreset.FfmpegVaapi, "Device creation failed: -542398533.", "VA-API")]
    [InlineData(DecoderPreset.FfmpegQsv, "Device creation failed: -542398533.", "oneVPL")]
    public void MissingHardware_DeviceFailure_OneLineNamingWhatIsMissing(DecoderPreset decoder, string line, string named)
    {
        var message = FfmpegArguments.MissingHardware(decoder, line);
        Assert.NotNull(message);
        Assert.StartsWith($"decoder {decoder.Name()} is not available on this box", message);
        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.Null(FfmpegArguments.MissingHardware(DecoderPreset.Ffmpeg, line));
        Assert.Null(FfmpegArguments.MissingHardware(decoder, "[h264 @ 0x1] error while decoding MB 3 4"));
    }
}
