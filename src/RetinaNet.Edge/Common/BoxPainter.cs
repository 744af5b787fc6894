using OpenCvSharp;

namespace RetinaNet.Edge.Common;

/// <summary>One look for a labelled box on every image the agent draws (MJPEG view, annotated HLS stream, snapshots,
/// <c>detect</c> output): the box, and its label in black on a tag of the box's colour above it; line and text sized
/// to the image, so a label reads the same on a 384×216 working frame and a 3840×2160 one.</summary>
internal static class BoxPainter
{
    public static void Draw(Mat image, Rect box, Scalar color, string label)
    {
        double scale = Math.Max(0.45, image.Width / 1600.0);
        int line = Math.Max(2, image.Width / 640), text = Math.Max(1, image.Width / 1280);
        Cv2.Rectangle(image, box, color, line, LineTypes.AntiAlias);
        if (label.Length == 0) return;
        var size = Cv2.GetTextSize(label, HersheyFonts.HersheySimplex, scale, text, out _);
        var tag = new Rect(box.X, Math.Max(0, box.Y - size.Height - 6), size.Width + 6, size.Height + 6);
        Cv2.Rectangle(image, tag, color, -1);
        Cv2.PutText(image, label, new Point(tag.X + 3, tag.Y + size.Height + 2), HersheyFonts.HersheySimplex, scale, Scalar.All(0), text, LineTypes.AntiAlias);
    }
}
