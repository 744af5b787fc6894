using System.Diagnostics;
using RetinaNet.Edge.Capture;

namespace RetinaNet.Edge.Tests.Capture;

public class ChildPriorityTests
{
    private static ProcessStartInfo Ffmpeg() => new("ffmpeg") { ArgumentList = { "-i", "rtsp://cam/1", "-f", "rawvideo", "pipe:1" } };

    [Fact]
    public void Lowered_Nice10_RunsTheSameCommandUnderNice()
    {
        var psi = ChildPriority.Lowered(Ffmpeg(), 10);
        Assert.EndsWith("/nice", psi.FileName, StringComparison.Ordinal);
        Assert.Equal(["-n", "10", "ffmpeg", "-i", "rtsp://cam/1", "-f", "rawvideo", "pipe:1"], psi.ArgumentList);
    }

    [Fact]
    public void Lowered_Zero_Unchanged()
    {
        var psi = Ffmpeg();
        Assert.Same(psi, ChildPriority.Lowered(psi, 0));
    }

    [Fact]
    public void Lowered_DecoderNotInstalled_UnchangedSoTheErrorNamesTheDecoder()
    {
        var psi = new ProcessStartInfo("gst-launch-9.9-not-installed");
        Assert.Same(psi, ChildPriority.Lowered(psi, 10));
    }
}
