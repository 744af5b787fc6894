namespace RetinaNet.Edge.Zones;

/// <summary>Point-in-polygon and segment-crossing tests.</summary>
internal static class Geometry2D
{
    /// <summary>Even-odd rule (ray casting); points exactly on an edge may fall either way.</summary>
    public static bool Inside(IReadOnlyList<float[]> polygon, float x, float y)
    {
        bool inside = false;
        for (int i = 0, j = polygon.Count - 1; i < polygon.Count; j = i++)
        {
            float xi = polygon[i][0], yi = polygon[i][1], xj = polygon[j][0], yj = polygon[j][1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
        }
        return inside;
    }

    /// <summary>Which side of the directed line a→b the point p is on: &gt; 0 right (image coordinates, y down), &lt; 0 left.</summary>
    public static float Side(float[] a, float[] b, float px, float py) => (b[0] - a[0]) * (py - a[1]) - (b[1] - a[1]) * (px - a[0]);

    /// <summary>True when segment p→q crosses segment a→b (proper intersection).</summary>
    public static bool Crosses(float[] a, float[] b, float px, float py, float qx, float qy)
    {
        float d1 = Side(a, b, px, py), d2 = Side(a, b, qx, qy);
        if (d1 == 0 || d2 == 0 || (d1 > 0) == (d2 > 0)) return false;
        float[] p = [px, py], q = [qx, qy];
        float d3 = Side(p, q, a[0], a[1]), d4 = Side(p, q, b[0], b[1]);
        return d3 != 0 && d4 != 0 && (d3 > 0) != (d4 > 0);
    }
}
