using RetinaNet.Edge.Evaluation;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Integration;

/// <summary>Tracking accuracy through a live RTSP camera. A live source does not wait for a pipeline that other tests
/// slow down, so this runs in the <c>timing</c> collection (alone, after the parallel ones).</summary>
[Collection("timing")]
public class RtspAccuracyTests(SyntheticVideo video, ITestOutputHelper output)
{
    /// <summary>Through gst-rtsp-server the frames keep the stream's numbering (derived from their timestamps), so
    /// the RTSP figures match the file's: the tracks are scored against the same ground-truth frames.</summary>
    [Fact]
    public async Task EvalMot_ThroughRtsp_ScoresAsTheFileDoes()
    {
        var (file, _) = await EvalCommand.MotAsync(RepoPaths.DemoModel, video.Folder, rtsp: false, minVisibility: 0.3f);
        var (rtsp, fps) = await EvalCommand.MotAsync(RepoPaths.DemoModel, video.Folder, rtsp: true, minVisibility: 0.3f);
        output.WriteLine($"file {file}");
        output.WriteLine($"rtsp {rtsp} at {fps:F1} frames/s");
        Assert.True(rtsp.Mota >= 0.9, $"MOTA {rtsp.Mota:F3}");
        Assert.True(rtsp.Idf1 >= 0.9, $"IDF1 {rtsp.Idf1:F3}");
        Assert.InRange(rtsp.Mota - file.Mota, -0.02, 0.02);
        Assert.InRange(rtsp.Idf1 - file.Idf1, -0.02, 0.02);
    }

}
