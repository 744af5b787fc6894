using System.Diagnostics;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Tests.Configuration;

/// <summary>validate's checks that need the machine: writable folders (root can write nearly anywhere, so the
/// unwritable case is /proc, which nobody can create files in) and ffprobe on a camera's file.</summary>
public class RuntimeChecksTests
{
    [Fact]
    public void Unwritable_FolderUnderProc_SaysWhichFolderCannotBeWritten()
    {
        var why = RuntimeChecks.Unwritable("/proc/retinanet-state");
        Assert.NotNull(why);
        Assert.Contains("cannot be created: /proc is not writable", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Unwritable_NewFolderInTemp_Null()
    {
        Assert.Null(RuntimeChecks.Unwritable(Path.Combine(RepoPaths.TempFolder("writable"), "state", "deeper")));
    }

    [Fact]
    public void ProbeVideo_TextFile_NotAReadableVideo()
    {
        var path = Path.Combine(RepoPaths.TempFolder("probe"), "notes.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "this is not a video");
        var why = RuntimeChecks.ProbeVideo(path);
        Assert.NotNull(why);
        Assert.StartsWith("not a readable video", why, StringComparison.Ordinal);
    }

    [Fact]
    public void ProbeVideo_H264Clip_Null()
    {
        var path = Path.Combine(RepoPaths.TempFolder("probe"), "clip.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var p = Process.Start(new ProcessStartInfo("ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10", "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p", path])
               { RedirectStandardError = true })!)
        {
            p.StandardError.ReadToEnd();
            p.WaitForExit();
        }
        Assert.Null(RuntimeChecks.ProbeVideo(path));
    }
}
