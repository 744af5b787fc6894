using RetinaNet.Edge.Vision.Data;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Vision.Evaluation;

/// <summary>COCO-style box AP, computed the way pycocotools' COCOeval does: IoU thresholds 0.50:0.05:0.95, 101-point
/// interpolated precision, 100 detections per image, crowd and out-of-range ground truth ignored.</summary>
public static class CocoEvaluator
{
    private static readonly float[] IouThresholds = Enumerable.Range(0, 10).Select(i => 0.5f + 0.05f * i).ToArray();

    /// <summary>The metrics of each category that has ground truth, by itself (name, objects, metrics).</summary>
    public static List<(string Name, int Objects, CocoMetrics Metrics)> PerCategory(CocoDataset groundTruth, IReadOnlyList<CocoResult> results, int maxDetections = 100)
    {
        var list = new List<(string, int, CocoMetrics)>();
        foreach (var cat in groundTruth.Categories.OrderBy(c => c.Id))
        {
            var annotations = groundTruth.Annotations.Where(a => a.CategoryId == cat.Id).ToList();
            if (annotations.Count == 0) continue;
            var one = new CocoDataset { Images = groundTruth.Images, Annotations = annotations, Categories = [cat] };
            list.Add((cat.Name, annotations.Count, Evaluate(one, results.Where(r => r.CategoryId == cat.Id).ToList(), maxDetections)));
        }
        return list;
    }

    public static CocoMetrics Evaluate(CocoDataset groundTruth, IReadOnlyList<CocoResult> results, int maxDetections = 100)
    {
        var gtByKey = groundTruth.Annotations.ToLookup(a => (a.ImageId, a.CategoryId));
        var dtByKey = results.ToLookup(r => (r.ImageId, r.CategoryId));
        var categories = groundTruth.Categories.Select(c => c.Id).ToArray();
        var imageIds = groundTruth.Images.Select(i => i.Id).ToArray();
        var ranges = new (string Name, float Lo, float Hi)[] { ("all", 0, 1e10f), ("small", 0, 32 * 32), ("medium", 32 * 32, 96 * 96), ("large", 96 * 96, 1e10f) };

        // ap[range][iou] averaged over categories that have ground truth in that range.
        var ap = new double[ranges.Length, IouThresholds.Length];
        var recall = new double[ranges.Length];
        for (int r = 0; r < ranges.Length; r++)
        {
            var (_, lo, hi) = ranges[r];
            var sums = new double[IouThresholds.Length];
            double recallSum = 0;
            int counted = 0;
            foreach (var cat in categories)
            {
                var perThreshold = new List<(float Score, bool Tp, bool Ignore)>[IouThresholds.Length];
                for (int t = 0; t < perThreshold.Length; t++) perThreshold[t] = [];
                int numGt = 0;
                foreach (var img in imageIds)
                {
                    var gts = gtByKey[(img, cat)].ToList();
                    var gtIgnore = gts.Select(g => g.IsCrowd != 0 || g.Area < lo || g.Area > hi).ToArray();
                    numGt += gtIgnore.Count(i => !i);
                    var order = Enumerable.Range(0, gts.Count).OrderBy(i => gtIgnore[i] ? 1 : 0).ToArray();
                    var dts = dtByKey[(img, cat)].OrderByDescending(d => d.Score).Take(maxDetections).ToList();
                    for (int t = 0; t < IouThresholds.Length; t++)
                        MatchImage(gts, gtIgnore, order, dts, IouThresholds[t], lo, hi, perThreshold[t]);
                }
                if (numGt == 0) continue;
                counted++;
                for (int t = 0; t < IouThresholds.Length; t++)
                {
                    var (apValue, rec) = AveragePrecision(perThreshold[t], numGt);
                    sums[t] += apValue;
                    recallSum += rec;
                }
            }
            for (int t = 0; t < IouThresholds.Length; t++) ap[r, t] = counted == 0 ? -1 : sums[t] / counted;
            recall[r] = counted == 0 ? -1 : recallSum / (counted * IouThresholds.Length);
        }

        double Mean(int r) => ap[r, 0] < 0 ? -1 : Enumerable.Range(0, IouThresholds.Length).Average(t => ap[r, t]);
        return new CocoMetrics(Mean(0), ap[0, 0], ap[0, 5], Mean(1), Mean(2), Mean(3), recall[0]);
    }

    private static void MatchImage(List<CocoAnnotation> gts, bool[] gtIgnore, int[] order, List<CocoResult> dts,
        float threshold, float lo, float hi, List<(float, bool, bool)> sink)
    {
        var gtMatched = new bool[gts.Count];
        foreach (var dt in dts)
        {
            var dtBox = BoxF.FromXywh(dt.Bbox[0], dt.Bbox[1], dt.Bbox[2], dt.Bbox[3]);
            float best = MathF.Min(threshold, 1 - 1e-10f);
            int match = -1;
            foreach (var g in order)
            {
                if (gtMatched[g] && gts[g].IsCrowd == 0) continue;
                if (match > -1 && !gtIgnore[match] && gtIgnore[g]) break; // matched a real gt; ignored ones come last
                var gb = gts[g].Bbox;
                float iou = CrowdAwareIoU(dtBox, BoxF.FromXywh(gb[0], gb[1], gb[2], gb[3]), gts[g].IsCrowd != 0);
                if (iou < best) continue;
                best = iou;
                match = g;
            }
            if (match >= 0)
            {
                gtMatched[match] = true;
                sink.Add((dt.Score, true, gtIgnore[match]));
            }
            else
            {
                float area = dt.Bbox[2] * dt.Bbox[3];
                sink.Add((dt.Score, false, area < lo || area > hi));
            }
        }
    }

    private static float CrowdAwareIoU(in BoxF dt, in BoxF gt, bool crowd)
    {
        if (!crowd) return BoxF.IoU(dt, gt);
        float iw = MathF.Min(dt.X2, gt.X2) - MathF.Max(dt.X1, gt.X1);
        float ih = MathF.Min(dt.Y2, gt.Y2) - MathF.Max(dt.Y1, gt.Y1);
        return iw <= 0 || ih <= 0 ? 0 : iw * ih / dt.Area;
    }

    /// <summary>101-point interpolated AP of score-ranked matches (pycocotools' accumulate); also the final recall.</summary>
    internal static (double Ap, double Recall) AveragePrecision(List<(float Score, bool Tp, bool Ignore)> matches, int numGt)
    {
        var ranked = matches.Where(m => !m.Ignore).OrderByDescending(m => m.Score).ToArray();
        int n = ranked.Length;
        var precision = new double[n];
        var recall = new double[n];
        int tp = 0, fp = 0;
        for (int i = 0; i < n; i++)
        {
            if (ranked[i].Tp) tp++; else fp++;
            recall[i] = (double)tp / numGt;
            precision[i] = tp / (double)(tp + fp + double.Epsilon);
        }
        for (int i = n - 1; i > 0; i--) precision[i - 1] = Math.Max(precision[i - 1], precision[i]);
        double sum = 0;
        for (int p = 0; p <= 100; p++)
        {
            double r = p / 100.0;
            int idx = LowerBound(recall, r);
            if (idx < n) sum += precision[idx];
        }
        return (sum / 101, n == 0 ? 0 : recall[n - 1]);
    }

    private static int LowerBound(double[] values, double target)
    {
        int lo = 0, hi = values.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (values[mid] < target) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}

/// <summary>AP@[.5:.95], AP50, AP75, AP by object size (−1 where a size has no ground truth), and AR@100.</summary>
public sealed record CocoMetrics(double Ap, double Ap50, double Ap75, double ApSmall, double ApMedium, double ApLarge, double Ar100)
{
    public override string ToString() =>
        $"AP {Ap:F3}  AP50 {Ap50:F3}  AP75 {Ap75:F3}  APs {ApSmall:F3}  APm {ApMedium:F3}  APl {ApLarge:F3}  AR100 {Ar100:F3}";
}
