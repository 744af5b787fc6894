using OpenCvSharp;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Vision.Synthetic;

/// <summary>One drawable object: kind, centre, size (w, h of the unrotated shape), rotation and colour.</summary>
public sealed record SceneObject(ShapeKind Kind, float CenterX, float CenterY, float Width, float Height, float AngleDeg, Scalar Color)
{
    /// <summary>The outline as a polygon (circles as a 48-gon), already rotated and placed.</summary>
    public Point2f[] Outline()
    {
        var local = Kind switch
        {
            ShapeKind.Circle => Enumerable.Range(0, 48).Select(i => new Point2f(0.5f * MathF.Cos(i * MathF.Tau / 48), 0.5f * MathF.Sin(i * MathF.Tau / 48))).ToArray(),
            ShapeKind.Square => [new(-0.5f, -0.5f), new(0.5f, -0.5f), new(0.5f, 0.5f), new(-0.5f, 0.5f)],
            ShapeKind.Triangle => [new(0f, -0.5f), new(0.5f, 0.5f), new(-0.5f, 0.5f)],
            ShapeKind.Cross =>
            [
                new(-0.17f, -0.5f), new(0.17f, -0.5f), new(0.17f, -0.17f), new(0.5f, -0.17f), new(0.5f, 0.17f), new(0.17f, 0.17f),
                new(0.17f, 0.5f), new(-0.17f, 0.5f), new(-0.17f, 0.17f), new(-0.5f, 0.17f), new(-0.5f, -0.17f), new(-0.17f, -0.17f),
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
        };
        float c = MathF.Cos(AngleDeg * MathF.PI / 180), s = MathF.Sin(AngleDeg * MathF.PI / 180);
        var pts = new Point2f[local.Length];
        for (int i = 0; i < local.Length; i++)
        {
            float x = local[i].X * Width, y = local[i].Y * Height;
            pts[i] = new Point2f(CenterX + x * c - y * s, CenterY + x * s + y * c);
        }
        return pts;
    }

    /// <summary>The exact bounding box of the drawn outline.</summary>
    public BoxF Bounds()
    {
        var pts = Outline();
        return new BoxF(pts.Min(p => p.X), pts.Min(p => p.Y), pts.Max(p => p.X), pts.Max(p => p.Y));
    }

    /// <summary>The bounding box of the part of the outline inside a width×height frame (Sutherland–Hodgman
    /// clipping), i.e. what a camera sees of an object entering or leaving; null if nothing is inside.</summary>
    public BoxF? VisibleBounds(int width, int height)
    {
        var poly = Outline().ToList();
        poly = Clip(poly, p => p.X >= 0, (a, b) => Lerp(a, b, (0 - a.X) / (b.X - a.X)));
        poly = Clip(poly, p => p.X <= width, (a, b) => Lerp(a, b, (width - a.X) / (b.X - a.X)));
        poly = Clip(poly, p => p.Y >= 0, (a, b) => Lerp(a, b, (0 - a.Y) / (b.Y - a.Y)));
        poly = Clip(poly, p => p.Y <= height, (a, b) => Lerp(a, b, (height - a.Y) / (b.Y - a.Y)));
        if (poly.Count < 3) return null;
        return new BoxF(poly.Min(p => p.X), poly.Min(p => p.Y), poly.Max(p => p.X), poly.Max(p => p.Y));

        static Point2f Lerp(Point2f a, Point2f b, float t) => new(a.X + t * (b.X - a.X), a.Y + t * (b.Y - a.Y));
        static List<Point2f> Clip(List<Point2f> input, Func<Point2f, bool> inside, Func<Point2f, Point2f, Point2f> cross)
        {
            var output = new List<Point2f>();
            for (int i = 0; i < input.Count; i++)
            {
                var cur = input[i];
                var prev = input[(i + input.Count - 1) % input.Count];
                bool ci = inside(cur), pi = inside(prev);
                if (ci) { if (!pi) output.Add(cross(prev, cur)); output.Add(cur); }
                else if (pi) output.Add(cross(prev, cur));
            }
            return output;
        }
    }

    public void Draw(Mat image)
    {
        var pts = Outline().Select(p => new Point((int)MathF.Round(p.X * 16), (int)MathF.Round(p.Y * 16))).ToArray();
        Cv2.FillPoly(image, [pts], Color, LineTypes.AntiAlias, shift: 4);
        var edge = new Scalar(Color.Val0 * 0.45, Color.Val1 * 0.45, Color.Val2 * 0.45);
        Cv2.Polylines(image, [pts], true, edge, Math.Max(1, (int)(MathF.Min(Width, Height) / 24)), LineTypes.AntiAlias, shift: 4);
    }

    /// <summary>Fills the object's pixels in a label mask with <paramref name="value"/>.</summary>
    public void DrawMask(Mat mask, int value)
    {
        var pts = Outline().Select(p => new Point((int)MathF.Round(p.X * 16), (int)MathF.Round(p.Y * 16))).ToArray();
        Cv2.FillPoly(mask, [pts], new Scalar(value), LineTypes.Link8, shift: 4);
    }
}
