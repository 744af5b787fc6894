using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using RetinaNet.Edge.Inference;

namespace RetinaNet.Edge.Configuration;

/// <summary>The rules that span fields and files: files exist and are regular files of bounded size, certificates
/// parse, the native library loads, thresholds are ordered, zones are simple polygons, lines have a length, an HTTP
/// address is an address, and (with the model) camera labels are the model's.</summary>
public static partial class ConfigRules
{
    public static void Agent(AgentOptions agent, string file, string baseDir, List<string> problems)
    {
        OptionsValidation.Validate(agent, file, "", problems);
        CheckFile(file, "model.path", agent.Model.Path, baseDir, SafeFile.ModelMaxBytes, problems);
        if (agent.Model.Labels is { } labels && CheckFile(file, "model.labels", labels, baseDir, SafeFile.TextMaxBytes, problems))
            DuplicateLabels(file, labels, ConfigLoader.Resolve(baseDir, labels), problems);
        if (agent.Inference.Providers.Distinct().Count() < agent.Inference.Providers.Count)
            problems.Add($"{file}: 'inference.providers' = {Redaction.Show(string.Join(",", agent.Inference.Providers.Select(p => p.Name())))}: a provider is listed twice");
        if (agent.Inference.NativeLibrary is { } lib && CheckFile(file, "inference.nativeLibrary", lib, baseDir, 4L << 30, problems))
        {
            if (!System.Runtime.InteropServices.NativeLibrary.TryLoad(ConfigLoader.Resolve(baseDir, lib), out var handle))
                problems.Add($"{file}: 'inference.nativeLibrary' = {Redaction.Show(lib)}: not a loadable native library (wrong architecture, missing dependencies, or not a library)");
            else System.Runtime.InteropServices.NativeLibrary.Free(handle);
        }
        Http(agent.Http, file, problems);
        Mqtt(agent, file, baseDir, problems);
        if (agent.Tracking.LowScore > agent.Tracking.HighScore)
            problems.Add($"{file}: 'tracking.lowScore' = {agent.Tracking.LowScore}: larger than tracking.highScore {agent.Tracking.HighScore}");
        foreach (var (key, folder) in new[] { ("stateFolder", agent.StateFolder), ("snapshots.folder", agent.Snapshots.Folder), ("camerasFolder", agent.CamerasFolder) })
            if (!string.IsNullOrEmpty(folder) && SafeFile.Stat(ConfigLoader.Resolve(baseDir, folder)).Kind is not (SafeFile.FileKind.Missing or SafeFile.FileKind.Directory))
                problems.Add($"{file}: '{key}' = {Redaction.Show(folder)}: exists and is not a folder");
        // The camera API and the dashboard's editor write camera files there: never into /etc or another program's folder.
        var cameras = ConfigLoader.Resolve(baseDir, agent.CamerasFolder).TrimEnd('/');
        if (cameras != baseDir.TrimEnd('/') && !cameras.StartsWith(baseDir.TrimEnd('/') + "/", StringComparison.Ordinal))
            problems.Add($"{file}: 'camerasFolder' = {Redaction.Show(agent.CamerasFolder)}: must be inside the configuration's folder {baseDir} (the camera API writes there)");
    }

    private static void Http(Web.HttpOptions http, string file, List<string> problems)
    {
        if (!http.Enabled) return;
        bool address = http.Address == "localhost" || (Ipv4().IsMatch(http.Address) && IPAddress.TryParse(http.Address, out _))
            || (http.Address.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(http.Address, out _));
        if (!address) problems.Add($"{file}: 'http.address' = {Redaction.Show(http.Address)}: not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1) or localhost");
        else if (!http.IsLoopback && !http.AuthConfigured)
            problems.Add($"{file}: 'http.address' = {Redaction.Show(http.Address)}: binding beyond loopback requires http.token/http.tokenEnv or http.username with http.passwordEnv");
        foreach (var (key, env) in new[] { ("http.tokenEnv", http.TokenEnv), ("http.passwordEnv", http.PasswordEnv) })
            if (env is not null && Environment.GetEnvironmentVariable(env) is null) problems.Add($"{file}: '{key}' = {Redaction.Show(env)}: environment variable is not set");
    }

    private static void Mqtt(AgentOptions agent, string file, string baseDir, List<string> problems)
    {
        var m = agent.Mqtt;
        // Topic levels: "a" or "a/b/c"; an empty level (a leading, trailing or doubled '/') or a '$' start ($SYS is
        // the broker's) would put events where no subscriber to PREFIX/# looks.
        if (m.TopicPrefix.Length > 0 && (m.TopicPrefix.Split('/').Any(level => level.Length == 0) || m.TopicPrefix.StartsWith('$')))
            problems.Add($"{file}: 'mqtt.topicPrefix' = {Redaction.Show(m.TopicPrefix)}: must be topic levels separated by '/', none empty and not starting with '$' (e.g. retinanet or site1/retinanet)");
        if (m.PasswordEnv is { } env && Environment.GetEnvironmentVariable(env) is null)
            problems.Add($"{file}: 'mqtt.passwordEnv' = {Redaction.Show(env)}: environment variable is not set");
        if (m.ClientKeyFile is not null && m.ClientCertFile is null)
            problems.Add($"{file}: 'mqtt.clientKeyFile' = {Redaction.Show(m.ClientKeyFile)}: needs mqtt.clientCertFile");
        if (m.CaFile is { } ca && CheckFile(file, "mqtt.caFile", ca, baseDir, SafeFile.TextMaxBytes, problems))
        {
            try { using var _ = X509CertificateLoader.LoadCertificateFromFile(ConfigLoader.Resolve(baseDir, ca)); }
            catch (CryptographicException) { problems.Add($"{file}: 'mqtt.caFile' = {Redaction.Show(ca)}: not a certificate (PEM or DER)"); }
        }
        if (m.ClientCertFile is { } cert && CheckFile(file, "mqtt.clientCertFile", cert, baseDir, SafeFile.TextMaxBytes, problems)
            && (m.ClientKeyFile is null || CheckFile(file, "mqtt.clientKeyFile", m.ClientKeyFile, baseDir, SafeFile.TextMaxBytes, problems)))
        {
            try
            {
                var password = m.PasswordEnv is { } e ? Environment.GetEnvironmentVariable(e) : m.Password;
                using var _ = m.ClientKeyFile is null
                    ? X509CertificateLoader.LoadPkcs12FromFile(ConfigLoader.Resolve(baseDir, cert), password)
                    : X509Certificate2.CreateFromPemFile(ConfigLoader.Resolve(baseDir, cert), ConfigLoader.Resolve(baseDir, m.ClientKeyFile));
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                problems.Add($"{file}: 'mqtt.clientCertFile' = {Redaction.Show(cert)}: not a certificate with its private key ({(m.ClientKeyFile is null ? "PKCS#12" : "PEM pair")}): {Redaction.Truncate(ex.Message)}");
            }
        }
    }

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
        if (cam.PasswordEnv is { } env && Environment.GetEnvironmentVariable(env) is null)
            problems.Add($"{file}: 'passwordEnv' = {Redaction.Show(env)}: environment variable is not set");
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

    /// <summary>Checks that a configured file is a regular file of bounded size; true when it is.</summary>
    /// <summary>A label file naming one class twice makes its events ambiguous (which "person"?).</summary>
    private static void DuplicateLabels(string file, string value, string path, List<string> problems)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int line = 0;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            var label = raw.Trim();
            if (label.Length == 0) continue;
            if (seen.TryGetValue(label, out int first))
                problems.Add($"{file}: 'model.labels' = {Redaction.Show(value)}: label {Redaction.Show(label)} on line {line} repeats line {first}");
            else seen[label] = line;
        }
    }

    private static bool CheckFile(string file, string key, string value, string baseDir, long maxBytes, List<string> problems)
    {
        var why = SafeFile.Problem(ConfigLoader.Resolve(baseDir, value), maxBytes);
        if (why is not null) problems.Add($"{file}: '{key}' = {Redaction.Show(value)}: {why}");
        return why is null;
    }

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")]
    private static partial Regex Ipv4();

    [GeneratedRegex("^(rtsp|rtsps|http|https)://", RegexOptions.IgnoreCase)]
    private static partial Regex Network();

    [GeneratedRegex(@"^/dev/video\d{1,3}$")]
    private static partial Regex VideoDevice();
}
