using RetinaNet.Edge.Vision.Assignment;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Vision.Evaluation;

/// <summary>One box of a trajectory in one frame (ground truth or tracker output).</summary>
public readonly record struct MotBox(int Frame, int Id, BoxF Box);

/// <summary>CLEAR-MOT (MOTA, ID switches, fragmentations) and identity metrics (IDF1) with an IoU ≥ threshold
/// match, computed as py-motmetrics / the MOTChallenge devkit do: per frame, correspondences of the previous frame
/// are kept while still valid, the rest are matched by optimal assignment; IDF1 from the globally optimal one-to-one
/// matching of trajectories.</summary>
public static class MotEvaluator
{
    public static MotMetrics Evaluate(IReadOnlyList<MotBox> truth, IReadOnlyList<MotBox> hypotheses, float iouThreshold = 0.5f)
    {
        var gtByFrame = truth.GroupBy(b => b.Frame).ToDictionary(g => g.Key, g => g.ToList());
        var hypByFrame = hypotheses.GroupBy(b => b.Frame).ToDictionary(g => g.Key, g => g.ToList());
        var frames = gtByFrame.Keys.Union(hypByFrame.Keys).Order().ToList();
        var previous = new Dictionary<int, int>(); // gt id → hyp id of the last frame it was matched in
        var lastTracked = new Dictionary<int, bool>(); // gt id → matched in the last frame it appeared
        long fn = 0, fp = 0, idsw = 0, frag = 0, matches = 0;
        double iouSum = 0;
        foreach (var f in frames)
        {
            var gts = gtByFrame.GetValueOrDefault(f) ?? [];
            var hyps = hypByFrame.GetValueOrDefault(f) ?? [];
            var gtMatch = new int[gts.Count];
            Array.Fill(gtMatch, -1);
            var hypUsed = new bool[hyps.Count];
            // 1) keep last frame's correspondences that are still valid
            for (int g = 0; g < gts.Count; g++)
            {
                if (!previous.TryGetValue(gts[g].Id, out var hid)) continue;
                int h = hyps.FindIndex(x => x.Id == hid);
                if (h >= 0 && !hypUsed[h] && BoxF.IoU(gts[g].Box, hyps[h].Box) >= iouThreshold) { gtMatch[g] = h; hypUsed[h] = true; }
            }
            // 2) optimal assignment of the rest
            var freeG = Enumerable.Range(0, gts.Count).Where(g => gtMatch[g] < 0).ToList();
            var freeH = Enumerable.Range(0, hyps.Count).Where(h => !hypUsed[h]).ToList();
            if (freeG.Count > 0 && freeH.Count > 0)
            {
                var cost = new double[freeG.Count, freeH.Count];
                for (int i = 0; i < freeG.Count; i++)
                    for (int j = 0; j < freeH.Count; j++) cost[i, j] = 1 - BoxF.IoU(gts[freeG[i]].Box, hyps[freeH[j]].Box);
                var a = LinearAssignment.Solve(cost, 1 - iouThreshold);
                for (int i = 0; i < a.Length; i++)
                    if (a[i] >= 0) { gtMatch[freeG[i]] = freeH[a[i]]; hypUsed[freeH[a[i]]] = true; }
            }
            for (int g = 0; g < gts.Count; g++)
            {
                int id = gts[g].Id;
                bool tracked = gtMatch[g] >= 0;
                if (tracked)
                {
                    matches++;
                    iouSum += BoxF.IoU(gts[g].Box, hyps[gtMatch[g]].Box);
                    int hid = hyps[gtMatch[g]].Id;
                    if (previous.TryGetValue(id, out var prev) && prev != hid) idsw++;
                    previous[id] = hid;
                    if (lastTracked.TryGetValue(id, out var was) && !was) frag++;
                }
                else fn++;
                if (tracked || lastTracked.ContainsKey(id)) lastTracked[id] = tracked;
            }
            fp += hypUsed.Count(u => !u);
        }
        long gtCount = truth.Count;
        double mota = gtCount == 0 ? 0 : 1 - (double)(fn + fp + idsw) / gtCount;
        double motp = matches == 0 ? 0 : iouSum / matches;
        double idf1 = Idf1(truth, hypotheses, iouThreshold, out long idtp);
        return new MotMetrics(mota, idf1, motp, idsw, frag, fn, fp, gtCount, hypotheses.Count, idtp,
            truth.Select(t => t.Id).Distinct().Count(), hypotheses.Select(h => h.Id).Distinct().Count());
    }

    /// <summary>IDF1 = 2·IDTP / (|truth| + |hypotheses|) under the best one-to-one matching of trajectories.</summary>
    private static double Idf1(IReadOnlyList<MotBox> truth, IReadOnlyList<MotBox> hyps, float iouThreshold, out long idtp)
    {
        var gtIds = truth.Select(t => t.Id).Distinct().ToList();
        var hypIds = hyps.Select(h => h.Id).Distinct().ToList();
        idtp = 0;
        if (gtIds.Count == 0 || hypIds.Count == 0) return 0;
        var gi = gtIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var hi = hypIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var overlap = new long[gtIds.Count, hypIds.Count];
        var hypByFrame = hyps.GroupBy(h => h.Frame).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var t in truth)
        {
            if (!hypByFrame.TryGetValue(t.Frame, out var list)) continue;
            foreach (var h in list)
                if (BoxF.IoU(t.Box, h.Box) >= iouThreshold) overlap[gi[t.Id], hi[h.Id]]++;
        }
        long max = 0;
        foreach (var v in overlap) max = Math.Max(max, v);
        var cost = new double[gtIds.Count, hypIds.Count];
        for (int i = 0; i < gtIds.Count; i++)
            for (int j = 0; j < hypIds.Count; j++) cost[i, j] = max - overlap[i, j];
        var a = LinearAssignment.Solve(cost, double.MaxValue);
        for (int i = 0; i < a.Length; i++) if (a[i] >= 0) idtp += overlap[i, a[i]];
        return 2.0 * idtp / (truth.Count + hyps.Count);
    }
}

/// <summary>MOT results: MOTA, IDF1, MOTP (mean IoU of matches), ID switches, fragmentations, misses, false positives.</summary>
public sealed record MotMetrics(double Mota, double Idf1, double Motp, long IdSwitches, long Fragmentations, long Misses, long FalsePositives,
    long TruthBoxes, long HypothesisBoxes, long IdTruePositives, int TruthIds, int HypothesisIds)
{
    public override string ToString() =>
        $"MOTA {Mota:F3}  IDF1 {Idf1:F3}  MOTP {Motp:F3}  IDSW {IdSwitches}  FRAG {Fragmentations}  FN {Misses}  FP {FalsePositives}  GT {TruthBoxes} ({TruthIds} ids)  HYP {HypothesisBoxes} ({HypothesisIds} ids)";
}
