using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Vision.Decoding;

/// <summary>Greedy class-wise non-maximum suppression, in place and allocation-free.</summary>
public static class Nms
{
    /// <summary>Sorts <paramref name="dets"/> by class then descending score, suppresses boxes overlapping a better box of
    /// the same class by more than <paramref name="iouThreshold"/>, keeps the best <paramref name="maxDetections"/>
    /// overall ordered by descending score. Returns how many of <paramref name="dets"/> (from index 0) survive.</summary>
    public static int ClassWise(Span<Detection> dets, float iouThreshold, int maxDetections, bool plusOne = false)
    {
        dets.Sort(static (a, b) => a.ClassId != b.ClassId ? a.ClassId.CompareTo(b.ClassId) : b.Score.CompareTo(a.Score));
        int kept = 0;
        int start = 0;
        while (start < dets.Length)
        {
            int cls = dets[start].ClassId;
            int end = start;
            while (end < dets.Length && dets[end].ClassId == cls) end++;
            int classKeptStart = kept;
            for (int i = start; i < end; i++)
            {
                var candidate = dets[i];
                bool suppressed = false;
                for (int k = classKeptStart; k < kept; k++)
                {
                    if (BoxF.IoU(dets[k].Box, candidate.Box, plusOne) > iouThreshold) { suppressed = true; break; }
                }
                if (!suppressed) dets[kept++] = candidate;
            }
            start = end;
        }
        var survivors = dets[..kept];
        survivors.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        return Math.Min(kept, maxDetections);
    }
}
