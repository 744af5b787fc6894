using RetinaNet.Edge.Tests.Integration.Fixtures;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Tests.Web;

/// <summary>Which frame of the synthetic clip a browser really showed (from its pixels), and how well a drawn box
/// matches the clip's ground truth — shared by the live-view and review-page tests.</summary>
internal static class FrameMatch
{
    /// <summary>Every frame of the clip as 320x180 grey, mean removed.</summary>
    public static List<float[]> Thumbnails(string clip)
    {
        var all = new List<float[]>();
        using var capture = new OpenCvSharp.VideoCapture(clip);
        using var frame = new OpenCvSharp.Mat();
        using var small = new OpenCvSharp.Mat();
        using var grey = new OpenCvSharp.Mat();
        while (capture.Read(frame) && !frame.Empty())
        {
            OpenCvSharp.Cv2.Resize(frame, small, new OpenCvSharp.Size(320, 180), interpolation: OpenCvSharp.InterpolationFlags.Area);
            OpenCvSharp.Cv2.CvtColor(small, grey, OpenCvSharp.ColorConversionCodes.BGR2GRAY);
            grey.GetArray(out byte[] bytes);
            all.Add(Centered(bytes));
        }
        return all;
    }

    public static float[] Centered(byte[] grey)
    {
        double mean = grey.Average(b => (double)b);
        return [.. grey.Select(b => (float)(b - mean))];
    }

    public static int BestMatch(List<float[]> thumbs, byte[] shown)
    {
        var s = Centered(shown);
        return Enumerable.Range(0, thumbs.Count).MinBy(i => { double d = 0; var t = thumbs[i]; for (int k = 0; k < t.Length; k++) d += Math.Abs(t[k] - s[k]); return d; });
    }

    /// <summary>The best IoU of a box with the objects of 0-based frame <paramref name="frame"/> (ground truth is 1-based).</summary>
    public static double GroundTruthIoU(SyntheticVideo video, BoxF box, long frame)
    {
        long f = ((frame % SyntheticVideo.Frames) + SyntheticVideo.Frames) % SyntheticVideo.Frames;
        return video.GroundTruth.TryGetValue((int)f + 1, out var objects) && objects.Count > 0 ? objects.Max(o => (double)BoxF.IoU(box, o.Box)) : 0;
    }
}
