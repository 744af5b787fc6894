using OpenCvSharp;
using RetinaNet.Edge.Vision.Decoding;

namespace RetinaNet.Edge.Detect;

/// <summary>An annotated copy of an image: each detection's box and "label score", colour per class, as JPEG.</summary>
internal static class Annotator
{
    private static readonly Scalar[] Palette =
    [
        new(60, 180, 75), new(48, 130, 245), new(25, 225, 255), new(200, 130, 0), new(180, 30, 145),
        new(240, 240, 70), new(230, 50, 240), new(75, 25, 230), new(60, 245, 210), new(128, 128, 0),
    ];

    public static void Save(Mat image, ReadOnlySpan<Detection> detections, IReadOnlyList<string> labels, string path)
    {
        using var canvas = image.Clone();
        foreach (var d in detections)
        {
            var color = Palette[(d.ClassId % Palette.Length + Palette.Length) % Palette.Length];
            var r = new Rect((int)MathF.Round(d.Box.X1), (int)MathF.Round(d.Box.Y1), (int)MathF.Round(d.Box.Width), (int)MathF.Round(d.Box.Height));
            Common.BoxPainter.Draw(canvas, r, color, $"{Inference.LabelNames.Of(labels, d.ClassId)} {d.Score:F2}");
        }
        if (!Cv2.ImWrite(path, canvas, new ImageEncodingParam(ImwriteFlags.JpegQuality, 90))) throw new IOException($"cannot write {path}");
    }
}
