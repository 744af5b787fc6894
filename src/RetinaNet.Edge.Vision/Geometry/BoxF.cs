namespace RetinaNet.Edge.Vision.Geometry;

/// <summary>An axis-aligned box in pixels, corners (X1, Y1) top-left and (X2, Y2) bottom-right.</summary>
public readonly record struct BoxF(float X1, float Y1, float X2, float Y2)
{
    public float Width => X2 - X1;
    public float Height => Y2 - Y1;
    public float Area => MathF.Max(0, X2 - X1) * MathF.Max(0, Y2 - Y1);
    public float CenterX => 0.5f * (X1 + X2);
    public float CenterY => 0.5f * (Y1 + Y2);

    public static BoxF FromXywh(float x, float y, float w, float h) => new(x, y, x + w, y + h);

    /// <summary>Intersection over union. <paramref name="plusOne"/> uses the "+1 pixel" convention of ODTK/Detectron
    /// (a box from 0 to 9 is 10 pixels wide).</summary>
    public static float IoU(in BoxF a, in BoxF b, bool plusOne = false)
    {
        float o = plusOne ? 1f : 0f;
        float iw = MathF.Min(a.X2, b.X2) - MathF.Max(a.X1, b.X1) + o;
        float ih = MathF.Min(a.Y2, b.Y2) - MathF.Max(a.Y1, b.Y1) + o;
        if (iw <= 0 || ih <= 0) return 0f;
        float inter = iw * ih;
        float areaA = (a.X2 - a.X1 + o) * (a.Y2 - a.Y1 + o);
        float areaB = (b.X2 - b.X1 + o) * (b.Y2 - b.Y1 + o);
        return inter / (areaA + areaB - inter);
    }

    public BoxF Clamp(float width, float height) => new(
        Math.Clamp(X1, 0, width), Math.Clamp(Y1, 0, height), Math.Clamp(X2, 0, width), Math.Clamp(Y2, 0, height));

    public BoxF Scale(float sx, float sy, float dx = 0, float dy = 0) => new(X1 * sx + dx, Y1 * sy + dy, X2 * sx + dx, Y2 * sy + dy);
}
