using System.Text.RegularExpressions;

namespace RetinaNet.Edge.Configuration;

/// <summary>A camera file's rules that span fields and files: the URL is a stream, a device or a readable file, zones
/// are simple polygons, lines have a length, names are unique, and (with the model) its labels are the model's. The
/// agent's sections have their rules in their stages' folders (<see cref="AgentOptionsRules"/>).</summary>
public static partial class ConfigRules
{
    public static void Camera(CameraOptions cam, string file, string baseDir, List<string> problems)
    {
        var url = cam.Url;
        if (string.IsNullOrEmpty(url)) return; // reported by [Required]
        if (Network().IsMatch(url))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
                problems.Add($"{file}: 'url' = {Redaction.Show(url)}: not a valid URL");
        }
        else if (url.StartsWith("/dev/", StringComparison.Ordinal))
        {
            if (!VideoDevice().IsMatch(url)) problems.Add($"{file}: 'url' = {Redaction.Show(url)}: a device must be /dev/videoN");
        }
        else if (url.Contains("://", StringComparison.Ordinal) && !url.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
            problems.Add($"{file}: 'url' = {Redaction.Show(url)}: unsupported scheme (rtsp, rtsps, http, https, file, /dev/videoN)");
        else
        {
            string? path = url;
            if (url.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
                path = Uri.TryCreate(url, UriKind.Absolute, out var f) && f.IsFile ? f.LocalPath : null;
            if (path is null) problems.Add($"{file}: 'url' = {Redaction.Show(url)}: not a valid file URL");
            else if (SafeFile.Problem(ConfigLoader.Resolve(baseDir, path), long.MaxValue) is { } why) problems.Add($"{file}: 'url' = {Redaction.Show(url)}: {why}");
        }
        if (UnsetVariable(file, "passwordEnv", cam.PasswordEnv) is { } unset) problems.Add(unset);
        foreach (var (label, t) in cam.LabelThresholds)
            if (t is < 0 or > 1 || float.IsNaN(t)) problems.Add($"{file}: 'labelThresholds.{Redaction.Truncate(label)}' = {t}: must be between 0 and 1");
        if (cam.MaxArea > 0 && cam.MinArea > cam.MaxArea) problems.Add($"{file}: 'minArea' = {cam.MinArea}: larger than maxArea {cam.MaxArea}");
        foreach (var (z, i) in cam.Zones.Select((z, i) => (z, i)))
            if (z?.Points is { } pts && pts.All(p => p is { Length: 2 } && float.IsFinite(p[0]) && float.IsFinite(p[1])) && PolygonProblem(pts) is { } why)
                problems.Add($"{file}: 'zones[{i}].points' = {Redaction.Show(pts)}: {why}");
        foreach (var (l, i) in cam.Lines.Select((l, i) => (l, i)))
            if (l?.From is [var x1, var y1] && l.To is [var x2, var y2] && x1 == x2 && y1 == y2)
                problems.Add($"{file}: 'lines[{i}]': from and to are the same point: a line needs a length");
        foreach (var dup in cam.Zones.Where(z => z is not null).Select(z => z.Name).Concat(cam.Lines.Where(l => l is not null).Select(l => l.Name)).GroupBy(n => n).Where(g => g.Count() > 1))
            problems.Add($"{file}: zone/line name {Redaction.Show(dup.Key)} is used twice");
    }

    /// <summary>The problem when a secret's environment variable is named but not set; null when it is set or unnamed.</summary>
    internal static string? UnsetVariable(string file, string key, string? variable) =>
        variable is not null && Environment.GetEnvironmentVariable(variable) is null
            ? $"{file}: '{key}' = {Redaction.Show(variable)}: environment variable is not set" : null;

    /// <summary>Camera labels (labels, labelThresholds, zone and line labels) that the model does not have.</summary>
    public static IReadOnlyList<string> Labels(AgentConfig config, IReadOnlyList<string> modelLabels) =>
        [.. config.Cameras.SelectMany(c => Labels(c, modelLabels))];

    /// <summary>One camera's labels that the model does not have.</summary>
    public static IReadOnlyList<string> Labels(CameraOptions c, IReadOnlyList<string> modelLabels)
    {
        var problems = new List<string>();
        void Check(string key, IEnumerable<string> labels)
        {
            foreach (var l in labels.Where(l => !modelLabels.Contains(l)))
                problems.Add($"{c.SourceFile}: '{key}' = {Redaction.Show(l)}: not one of the model's {modelLabels.Count} labels ({string.Join(", ", modelLabels.Take(8))}{(modelLabels.Count > 8 ? ", …" : "")})");
        }
        Check("labels", c.Labels);
        Check("labelThresholds", c.LabelThresholds.Keys);
        foreach (var (z, i) in c.Zones.Select((z, i) => (z, i))) Check($"zones[{i}].labels", z.Labels);
        foreach (var (l, i) in c.Lines.Select((l, i) => (l, i))) Check($"lines[{i}].labels", l.Labels);
        return problems;
    }

    /// <summary>Null for a simple polygon with at least 3 distinct points and an area; else what is wrong.</summary>
    public static string? PolygonProblem(IReadOnlyList<float[]> points)
    {
        if (points.Select(p => (p[0], p[1])).Distinct().Count() < 3) return "needs at least 3 distinct points";
        double area = 0;
        for (int i = 0; i < points.Count; i++)
        {
            var (a, b) = (points[i], points[(i + 1) % points.Count]);
            area += (double)a[0] * b[1] - (double)b[0] * a[1];
        }
        if (Math.Abs(area) < 1e-6) return "has no area (its points are on one line)";
        int n = points.Count;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                if (j == i + 1 || (i == 0 && j == n - 1)) continue; // adjacent edges share a vertex
                if (SegmentsIntersect(points[i], points[(i + 1) % n], points[j], points[(j + 1) % n]))
                    return $"crosses itself (edges {i}-{(i + 1) % n} and {j}-{(j + 1) % n})";
            }
        return null;
    }

    private static bool SegmentsIntersect(float[] p1, float[] p2, float[] p3, float[] p4)
    {
        static double Cross(float[] o, float[] a, float[] b) => ((double)a[0] - o[0]) * ((double)b[1] - o[1]) - ((double)a[1] - o[1]) * ((double)b[0] - o[0]);
        static bool On(float[] p, float[] q, float[] r) => Math.Min(p[0], r[0]) <= q[0] && q[0] <= Math.Max(p[0], r[0]) && Math.Min(p[1], r[1]) <= q[1] && q[1] <= Math.Max(p[1], r[1]);
        double d1 = Cross(p3, p4, p1), d2 = Cross(p3, p4, p2), d3 = Cross(p1, p2, p3), d4 = Cross(p1, p2, p4);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
        return (d1 == 0 && On(p3, p1, p4)) || (d2 == 0 && On(p3, p2, p4)) || (d3 == 0 && On(p1, p3, p2)) || (d4 == 0 && On(p1, p4, p2));
    }

    [GeneratedRegex("^(rtsp|rtsps|http|https)://", RegexOptions.IgnoreCase)]
    private static partial Regex Network();

    [GeneratedRegex(@"^/dev/video\d{1,3}$")]
    private static partial Regex VideoDevice();
}
