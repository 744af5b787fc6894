namespace RetinaNet.Edge.Vision.Synthetic;

/// <summary>The object classes the synthetic generator draws; category id = (int)kind + 1 in COCO files.</summary>
public enum ShapeKind
{
    Circle,
    Square,
    Triangle,
    Cross,
}

public static class ShapeCatalog
{
    public static readonly string[] Names = ["circle", "square", "triangle", "cross"];

    /// <summary>Base colour (B, G, R) of each class; scenes jitter it.</summary>
    public static readonly (int B, int G, int R)[] BaseColors = [(40, 40, 215), (215, 90, 35), (45, 190, 45), (30, 205, 225)];

    public static int Count => Names.Length;
}
