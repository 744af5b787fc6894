using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Toolkit.Training;

/// <summary>Box regression targets in ODTK's "+1" convention, the inverse of layout A's decode:
/// d = ((cx − acx)/aw, (cy − acy)/ah, log(w/aw), log(h/ah)) with w = x2 − x1 + 1.</summary>
internal static class BoxCoder
{
    public static void Encode(in BoxF anchor, in BoxF box, Span<float> deltas)
    {
        float aw = anchor.X2 - anchor.X1 + 1, ah = anchor.Y2 - anchor.Y1 + 1;
        float acx = anchor.X1 + 0.5f * aw, acy = anchor.Y1 + 0.5f * ah;
        float w = box.X2 - box.X1 + 1, h = box.Y2 - box.Y1 + 1;
        float cx = box.X1 + 0.5f * w, cy = box.Y1 + 0.5f * h;
        deltas[0] = (cx - acx) / aw;
        deltas[1] = (cy - acy) / ah;
        deltas[2] = MathF.Log(w / aw);
        deltas[3] = MathF.Log(h / ah);
    }
}
