using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;

namespace RetinaNet.Edge.LiveView;

/// <summary>Full-resolution snapshots from the live view's kept GOPs: the init segment and the fragments from the
/// keyframe before the frame on, fed to a short-lived ffmpeg that decodes them and writes the wanted frame as raw
/// BGR. The frame is chosen by its rank in presentation order among the fragments fed (by the fragments' own times,
/// which the browser uses too), not by ffmpeg's timestamps: ffmpeg's MP4 reader shifts the times of a fragmented
/// stream when it meets its first negative composition offset (B-frames), part-way through. Assumes closed GOPs
/// (leading pictures of an open GOP would count as frames). Costs decoding one GOP per
/// snapshot (snapshots come with a new track and a better view, not every frame); runs on the snapshot writer's
/// thread, bounded to 10 s.</summary>
internal sealed class FullFrameDecoder(LiveVideoHub hub, string ffmpegPath = "ffmpeg") : Snapshots.IFullFrames
{
    public Mat? Decode(string camera, double pts)
    {
        if (double.IsNaN(pts) || hub.FramesAround(camera, pts) is not { } gop || gop.Width <= 0 || gop.Height <= 0) return null;
        var psi = new ProcessStartInfo(ffmpegPath) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-nostdin", "-hide_banner", "-loglevel", "error", "-f", "mp4", "-i", "pipe:0",
            "-vf", $"select='eq(n\\,{gop.Rank.ToString(CultureInfo.InvariantCulture)})'", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi);
        if (p is null) return null;
        var stderr = p.StandardError.ReadToEndAsync();
        var feed = Task.Run(() =>
        {
            try
            {
                using var input = p.StandardInput.BaseStream;
                input.Write(gop.Init);
                foreach (var f in gop.Fragments) input.Write(f);
            }
            catch (IOException) { } // ffmpeg found its frame and left before reading everything
        });
        var image = new Mat(gop.Height, gop.Width, MatType.CV_8UC3);
        try
        {
            var read = Task.Run(() => Fill(p.StandardOutput.BaseStream, image));
            if (!read.Wait(TimeSpan.FromSeconds(10)) || !read.Result)
            {
                if (!p.HasExited) p.Kill();
                image.Dispose();
                return null;
            }
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
        finally
        {
            if (!p.WaitForExit(2000)) p.Kill();
            feed.Wait(TimeSpan.FromSeconds(2));
            _ = stderr;
        }
    }

    private static unsafe bool Fill(Stream stream, Mat image)
    {
        var buffer = new Span<byte>((void*)image.Data, image.Width * image.Height * 3);
        try { stream.ReadExactly(buffer); return true; }
        catch (EndOfStreamException) { return false; }
    }
}
