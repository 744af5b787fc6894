using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Vision.Decoding;

/// <summary>Greedy class-wise non-maximum suppression, in place and allocation-free.</summary>
public static class Nms
{
    /// <summary>Suppresses boxes overlapping a better box of the same class by more than <paramref name="iouThreshold"/>
    /// and keeps the best <paramref name="maxDetections"/> survivors, ordered by descending score. Returns how many of
    /// <paramref name="dets"/> (from index 0) survive.</summary>
    /// <remarks>One pass in descending score order over all classes: when a candidate comes up, every better box of its
    /// class has already been decided, so the decisions are those of per-class greedy NMS; and once
    /// <paramref name="maxDetections"/> are kept, every later candidate scores lower than all of them and would be cut
    /// by the final top-k anyway — so the pass stops there (typically after a few hundred of thousands).</remarks>
    public static int ClassWise(Span<Detection> dets, float iouThreshold, int maxDetections, bool plusOne = false)
    {
        dets.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.ClassId.CompareTo(b.ClassId));
        int kept = 0;
        for (int i = 0; i < dets.Length && kept < maxDetections; i++)
        {
            var candidate = dets[i];
            bool suppressed = false;
            for (int k = 0; k < kept; k++)
            {
                if (dets[k].ClassId == candidate.ClassId && BoxF.IoU(dets[k].Box, candidate.Box, plusOne) > iouThreshold) { suppressed = true; break; }
            }
            if (!suppressed) dets[kept++] = candidate;
        }
        return kept;
    }
}
