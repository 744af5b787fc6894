using System.Diagnostics;
using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Tests.Integration;
using RetinaNet.Edge.Tests.Integration.Fixtures;

namespace RetinaNet.Edge.Tests.Capture;

/// <summary>Debian's ffmpeg decoding real H.264/H.265 clips and an RTSP stream: only the selected frames, scaled,
/// each with its source frame number.</summary>
[Collection("integration")]
public class DecoderProcessSourceTests(SyntheticVideo video)
{
    private static string Clip(string codec, int width, int height, int fps, double seconds)
    {
        var path = Path.Combine(Path.GetTempPath(), $"retinanet-clip-{codec}-{width}x{height}-{fps}.mp4");
        if (File.Exists(path)) return path;
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var a in new[] { "-loglevel", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate={fps}", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-c:v", codec, "-preset", "ultrafast", "-pix_fmt", "yuv420p", path + ".tmp.mp4" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
        File.Move(path + ".tmp.mp4", path, overwrite: true);
        return path;
    }

    private static List<(SourceFrameInfo Info, int Width, int Height)> ReadAll(IFrameSource source, int max)
    {
        using var image = new Mat();
        source.Open(CancellationToken.None);
        var frames = new List<(SourceFrameInfo, int, int)>();
        while (frames.Count < max && source.Read(image)) frames.Add((source.LastFrame!.Value, image.Width, image.Height));
        return frames;
    }

    [Theory]
    [InlineData("libx264", DecoderPreset.Ffmpeg)]
    [InlineData("libx265", DecoderPreset.Ffmpeg)]
    [InlineData("libx264", DecoderPreset.Gstreamer)]
    [InlineData("libx265", DecoderPreset.Gstreamer)]
    public void Read_1080p30File_OnlySelectedFramesScaledWithSourceNumbers(string codec, DecoderPreset decoder)
    {
        var clip = Clip(codec, 1920, 1080, 30, 2);
        var camera = new CameraOptions { Name = "c", Url = clip, DetectFps = 5, Decoder = decoder };
        using var source = new DecoderProcessSource(clip, "ffmpeg", clip, camera, (384, 256), file: new PlayFile(false));
        var frames = ReadAll(source, 100);
        Assert.Equal(10, frames.Count); // 2 s at 5 of 30 frames a second
        Assert.All(frames, f => Assert.Equal((384, 216, 1920, 1080), (f.Width, f.Height, f.Info.SourceWidth, f.Info.SourceHeight)));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i * 6), frames.Select(f => f.Info.Index));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 0.2), frames.Select(f => f.Info.Pts), new ToleranceComparer(1e-3));
    }

    /// <summary>decoderNice: the decoder and every thread it starts (ffmpeg's frame threads included) run that much
    /// nicer than the agent; 0 keeps the agent's priority.</summary>
    [Theory]
    [InlineData(10)]
    [InlineData(0)]
    public void Open_DecoderNice_EveryDecoderThreadRunsNicer(int nice)
    {
        var clip = Path.Combine(Path.GetTempPath(), $"retinanet-nice-{Guid.NewGuid():N}.mp4"); // names this test's child
        File.CreateSymbolicLink(clip, Clip("libx264", 1920, 1080, 30, 2));
        try
        {
            var camera = new CameraOptions { Name = "c", Url = clip, DetectFps = 5, DecoderNice = nice };
            using var source = new DecoderProcessSource(clip, "ffmpeg", clip, camera, (384, 256), file: new PlayFile(true));
            using var image = new Mat();
            source.Open(CancellationToken.None);
            Assert.True(source.Read(image));
            Assert.True(source.Read(image)); // decoding: its threads exist
            int child = Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
                .Single(pid => pid > 0 && Cmdline(pid).Contains(clip, StringComparison.Ordinal) && Cmdline(pid).StartsWith("ffmpeg", StringComparison.Ordinal));
            var threads = Directory.EnumerateDirectories($"/proc/{child}/task").Select(t => Nice(Path.Combine(t, "stat"))).ToList();
            Assert.True(threads.Count > 1, "ffmpeg decodes with threads");
            int expected = Math.Min(19, Nice("/proc/self/stat") + nice);
            Assert.All(threads, n => Assert.Equal(expected, n));
            Assert.InRange(source.LastFrame!.Value.DecoderLag, 0, 30);
        }
        finally { File.Delete(clip); }
    }

    private static string Cmdline(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    /// <summary>Field 19 of /proc/…/stat (counted after the command name, which may hold spaces).</summary>
    private static int Nice(string stat)
    {
        var text = File.ReadAllText(stat);
        return int.Parse(text[(text.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A box without the hardware (no /dev/nvidia0, no Jetson's /dev/nvhost-ctrl): the camera fails with one
    /// line naming what is missing. On a box that has it, the decoder exists and there is nothing to check.</summary>
    [Theory]
    [InlineData(DecoderPreset.FfmpegCuda, "/dev/nvidia0", "libcuda.so.1")]
    [InlineData(DecoderPreset.GstreamerJetson, "/dev/nvhost-ctrl", "nvv4l2decoder")]
    public void Open_HardwareDecoderMissing_FailsWithOneLineNamingIt(DecoderPreset decoder, string device, string named)
    {
        if (File.Exists(device)) return;
        var clip = Clip("libx264", 640, 360, 30, 1);
        var camera = new CameraOptions { Name = "c", Url = clip, Decoder = decoder };
        using var source = new DecoderProcessSource(clip, "ffmpeg", clip, camera, (384, 256), file: new PlayFile(false));
        var e = Assert.Throws<CaptureException>(() => source.Open(CancellationToken.None));
        Assert.Contains($"decoder {decoder.Name()} is not available on this box", e.Message, StringComparison.Ordinal);
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData(DecoderPreset.Ffmpeg)]
    [InlineData(DecoderPreset.Gstreamer)]
    public async Task Read_RtspStream_FrameNumbersEqualTheFiles(DecoderPreset decoder)
    {
        var camera = new CameraOptions { Name = "c", Url = video.Path, DetectFps = 5, Decoder = decoder };
        using var fromFile = new DecoderProcessSource(video.Path, "ffmpeg", video.Path, camera, (384, 256), file: new PlayFile(false));
        var fileFrames = ReadAll(fromFile, 20).Select(f => f.Info.Index).ToList();
        using var server = new RtspServer(video.Path, once: true);
        await server.StartAsync();
        var rtspCamera = new CameraOptions { Name = "c", Url = server.Url, DetectFps = 5, Decoder = decoder };
        using var fromRtsp = new DecoderProcessSource(server.Url, "ffmpeg", server.Url, rtspCamera, (384, 256));
        var rtspFrames = ReadAll(fromRtsp, 20).Select(f => f.Info.Index).ToList();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i * 3), fileFrames); // 15 fps source at 5
        Assert.Equal(fileFrames, rtspFrames);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
