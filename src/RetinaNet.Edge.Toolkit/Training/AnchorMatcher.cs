using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Toolkit.Training;

/// <summary>Assigns anchors to ground truth by IoU (the paper's rule): IoU ≥ 0.5 → foreground of the best box,
/// IoU &lt; 0.4 → background, between → ignored; then each ground truth's best anchor(s) become its foreground
/// too, so that no object is left without an anchor.</summary>
internal static class AnchorMatcher
{
    public const int Background = -1;
    public const int Ignore = -2;

    /// <summary>Per anchor: the index of its ground-truth box, <see cref="Background"/> or <see cref="Ignore"/>.</summary>
    public static int[] Match(ReadOnlySpan<BoxF> anchors, IReadOnlyList<BoxF> truth, float foreground = 0.5f, float background = 0.4f)
    {
        var result = new int[anchors.Length];
        if (truth.Count == 0)
        {
            Array.Fill(result, Background);
            return result;
        }
        var bestForTruth = new float[truth.Count];
        var bestIou = new float[anchors.Length];
        for (int a = 0; a < anchors.Length; a++)
        {
            float best = 0;
            int arg = -1;
            for (int g = 0; g < truth.Count; g++)
            {
                float iou = BoxF.IoU(anchors[a], truth[g]);
                if (iou > best) { best = iou; arg = g; }
                if (iou > bestForTruth[g]) bestForTruth[g] = iou;
            }
            bestIou[a] = best;
            result[a] = best >= foreground ? arg : best < background ? Background : Ignore;
        }
        // Low-quality matches: every anchor whose IoU equals a ground truth's best IoU goes to that ground truth.
        for (int g = 0; g < truth.Count; g++)
        {
            if (bestForTruth[g] <= 0) continue;
            for (int a = 0; a < anchors.Length; a++)
            {
                if (bestIou[a] < bestForTruth[g] || result[a] >= 0 && bestIou[a] >= foreground) continue;
                if (BoxF.IoU(anchors[a], truth[g]) == bestForTruth[g]) result[a] = g;
            }
        }
        return result;
    }
}
