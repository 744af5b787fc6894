using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Vision.Imaging;

/// <summary>How a source frame was placed into the network input: input = source · scale + pad.</summary>
public readonly record struct FrameTransform(float ScaleX, float ScaleY, float PadX, float PadY, int SourceWidth, int SourceHeight)
{
    public static FrameTransform Create(int srcW, int srcH, int dstW, int dstH, ResizeMode mode)
    {
        if (mode == ResizeMode.Stretch) return new((float)dstW / srcW, (float)dstH / srcH, 0, 0, srcW, srcH);
        float s = MathF.Min((float)dstW / srcW, (float)dstH / srcH);
        int w = (int)MathF.Round(srcW * s), h = (int)MathF.Round(srcH * s);
        return new(w / (float)srcW, h / (float)srcH, (dstW - w) / 2, (dstH - h) / 2, srcW, srcH);
    }

    /// <summary>Size of the resized content inside the input.</summary>
    public (int Width, int Height) ContentSize => ((int)MathF.Round(SourceWidth * ScaleX), (int)MathF.Round(SourceHeight * ScaleY));

    public BoxF ToInput(in BoxF b) => new(b.X1 * ScaleX + PadX, b.Y1 * ScaleY + PadY, b.X2 * ScaleX + PadX, b.Y2 * ScaleY + PadY);

    /// <summary>Maps a box from network-input pixels back to the source frame, clamped to it.</summary>
    public BoxF ToSource(in BoxF b) => new BoxF(
        (b.X1 - PadX) / ScaleX, (b.Y1 - PadY) / ScaleY, (b.X2 - PadX) / ScaleX, (b.Y2 - PadY) / ScaleY).Clamp(SourceWidth, SourceHeight);
}
