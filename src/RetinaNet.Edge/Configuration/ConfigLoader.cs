using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Configuration;

/// <summary>Loads <c>agent.json</c> and every <c>cameras/*.json</c> strictly: unknown keys, malformed JSON, out-of-range
/// values, bad URLs, missing model files and duplicate camera names are all reported, each naming file, key and value.</summary>
public static class ConfigLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase) { "password" };

    public static AgentConfig Load(string agentJsonPath)
    {
        var problems = new List<string>();
        var fullPath = Path.GetFullPath(agentJsonPath);
        var baseDir = Path.GetDirectoryName(fullPath)!;
        var parsed = Read<AgentOptions>(fullPath, problems);
        var agent = parsed ?? new AgentOptions();
        if (parsed is not null) ValidateAgent(agent, fullPath, baseDir, problems);
        var modelPath = Resolve(baseDir, agent.Model.Path);

        var cameras = new List<CameraOptions>();
        var cameraDir = Resolve(baseDir, agent.CamerasFolder);
        if (!Directory.Exists(cameraDir)) problems.Add($"{fullPath}: 'camerasFolder' = \"{agent.CamerasFolder}\": folder not found");
        else
        {
            var files = Directory.GetFiles(cameraDir, "*.json").Order(StringComparer.Ordinal).ToArray();
            if (files.Length == 0) problems.Add($"{cameraDir}: no camera files (*.json)");
            foreach (var file in files)
            {
                var cam = Read<CameraOptions>(file, problems);
                if (cam is null) continue;
                cam.SourceFile = file;
                Validate(cam, file, "", problems);
                ValidateCamera(cam, file, baseDir, problems);
                if (cameras.Any(c => c.Name == cam.Name)) problems.Add($"{file}: 'name' = \"{cam.Name}\": another camera file uses this name");
                cameras.Add(cam);
            }
        }
        if (problems.Count > 0) throw new ConfigException(problems);
        return new AgentConfig(agent, cameras, baseDir, modelPath);
    }

    /// <summary>agent.json alone (its model, inference and other sections, checked as <see cref="Load"/> does), for the
    /// tool commands that take a model from a configuration but run no camera.</summary>
    public static (AgentOptions Agent, string BaseDirectory, string ModelPath) LoadAgentOptions(string agentJsonPath)
    {
        var problems = new List<string>();
        var fullPath = Path.GetFullPath(agentJsonPath);
        if (!File.Exists(fullPath)) throw new ConfigException([$"{fullPath}: configuration file not found"]);
        var baseDir = Path.GetDirectoryName(fullPath)!;
        var agent = Read<AgentOptions>(fullPath, problems);
        if (agent is not null) ValidateAgent(agent, fullPath, baseDir, problems);
        if (problems.Count > 0 || agent is null) throw new ConfigException(problems);
        return (agent, baseDir, Resolve(baseDir, agent.Model.Path));
    }

    private static void ValidateAgent(AgentOptions agent, string fullPath, string baseDir, List<string> problems)
    {
        Validate(agent, fullPath, "", problems);
        var modelPath = Resolve(baseDir, agent.Model.Path);
        if (!File.Exists(modelPath)) problems.Add($"{fullPath}: 'model.path' = \"{agent.Model.Path}\": model file not found at {modelPath}");
        if (agent.Model.Labels is { } labels && !File.Exists(Resolve(baseDir, labels)))
            problems.Add($"{fullPath}: 'model.labels' = \"{labels}\": label file not found");
        foreach (var p in agent.Inference.Providers)
            if (p is not ("tensorrt" or "cuda" or "cpu")) problems.Add($"{fullPath}: 'inference.providers' = \"{p}\": must be tensorrt, cuda or cpu");
        if (agent.Http.Enabled && !agent.Http.IsLoopback && !agent.Http.AuthConfigured)
            problems.Add($"{fullPath}: 'http.address' = \"{agent.Http.Address}\": binding beyond loopback requires http.token/http.tokenEnv or http.username with http.passwordEnv");
        if (agent.Http.Enabled && !agent.Http.IsLoopback && !IPAddress.TryParse(agent.Http.Address, out _))
            problems.Add($"{fullPath}: 'http.address' = \"{agent.Http.Address}\": not an IP address");
        if (agent.Mqtt.PasswordEnv is { } env && Environment.GetEnvironmentVariable(env) is null)
            problems.Add($"{fullPath}: 'mqtt.passwordEnv' = \"{env}\": environment variable is not set");
        foreach (var (key, file) in new[] { ("caFile", agent.Mqtt.CaFile), ("clientCertFile", agent.Mqtt.ClientCertFile), ("clientKeyFile", agent.Mqtt.ClientKeyFile) })
            if (file is not null && !File.Exists(Resolve(baseDir, file))) problems.Add($"{fullPath}: 'mqtt.{key}' = \"{file}\": file not found");
    }

    public static string Resolve(string baseDir, string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDir, path));

    private static T? Read<T>(string file, List<string> problems) where T : class
    {
        try
        {
            using var stream = File.OpenRead(file);
            var value = JsonSerializer.Deserialize<T>(stream, Json);
            if (value is null) problems.Add($"{file}: empty document");
            return value;
        }
        catch (JsonException e)
        {
            var key = e.Path is { Length: > 2 } p ? p[2..] : "(root)";
            var reason = e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "unknown key" : FirstSentence(e.Message);
            problems.Add($"{file}: '{key}': {reason} (line {e.LineNumber + 1})");
        }
        catch (IOException e) { problems.Add($"{file}: {e.Message}"); }
        return null;
    }

    private static string FirstSentence(string message)
    {
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message;
    }

    private static void ValidateCamera(CameraOptions cam, string file, string baseDir, List<string> problems)
    {
        var url = cam.Url;
        if (url.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
                problems.Add($"{file}: 'url' = \"{Redact(url)}\": not a valid URL");
        }
        else if (url.StartsWith("/dev/video", StringComparison.Ordinal)) { /* checked when opened: devices come and go */ }
        else
        {
            var path = url.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(url).LocalPath : Resolve(baseDir, url);
            if (url.Contains("://", StringComparison.Ordinal) && !url.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
                problems.Add($"{file}: 'url' = \"{Redact(url)}\": unsupported scheme (rtsp, rtsps, http, https, file, /dev/videoN)");
            else if (!File.Exists(path)) problems.Add($"{file}: 'url' = \"{url}\": file not found");
        }
        if (cam.PasswordEnv is { } env && Environment.GetEnvironmentVariable(env) is null)
            problems.Add($"{file}: 'passwordEnv' = \"{env}\": environment variable is not set");
        foreach (var (label, t) in cam.LabelThresholds)
            if (t is < 0 or > 1) problems.Add($"{file}: 'labelThresholds.{label}' = {t}: must be between 0 and 1");
        foreach (var (z, i) in cam.Zones.Select((z, i) => (z, i)))
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(z, new ValidationContext(z), results, true))
                foreach (var r in results) problems.Add($"{file}: 'zones[{i}].{JsonNamingPolicy.CamelCase.ConvertName(r.MemberNames.FirstOrDefault() ?? "")}': {r.ErrorMessage}");
            if (z.Points.Any(p => p.Length != 2)) problems.Add($"{file}: 'zones[{i}].points': every point must be [x, y]");
        }
        foreach (var (l, i) in cam.Lines.Select((l, i) => (l, i)))
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(l, new ValidationContext(l), results, true))
                foreach (var r in results) problems.Add($"{file}: 'lines[{i}].{JsonNamingPolicy.CamelCase.ConvertName(r.MemberNames.FirstOrDefault() ?? "")}': {r.ErrorMessage}");
        }
        foreach (var dup in cam.Zones.Select(z => z.Name).Concat(cam.Lines.Select(l => l.Name)).GroupBy(n => n).Where(g => g.Count() > 1))
            problems.Add($"{file}: zone/line name \"{dup.Key}\" is used twice");
        if (cam.MaxArea > 0 && cam.MinArea > cam.MaxArea) problems.Add($"{file}: 'minArea' = {cam.MinArea}: larger than maxArea {cam.MaxArea}");
    }

    /// <summary>Hides a password in a URL's user-info.</summary>
    public static string Redact(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        int at = url.IndexOf('@', StringComparison.Ordinal);
        if (scheme < 0 || at < scheme) return url;
        var userInfo = url[(scheme + 3)..at];
        int colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? url : url[..(scheme + 3)] + userInfo[..colon] + ":***" + url[at..];
    }

    /// <summary>DataAnnotations on the object and, recursively, on its option-typed properties (every options type of
    /// the agent, whichever stage folder it lives in).</summary>
    private static void Validate(object target, string file, string prefix, List<string> problems)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(target, new ValidationContext(target), results, validateAllProperties: true);
        foreach (var r in results)
        {
            foreach (var member in r.MemberNames.DefaultIfEmpty(""))
            {
                var prop = target.GetType().GetProperty(member);
                var key = prefix + JsonNamingPolicy.CamelCase.ConvertName(member);
                var value = prop?.GetValue(target);
                var shown = SecretKeys.Contains(member) ? "***" : value is string s ? $"\"{s}\"" : value is IEnumerable e and not string ? $"[{string.Join(", ", e.Cast<object>())}]" : value?.ToString() ?? "null";
                problems.Add($"{file}: '{key}' = {shown}: {r.ErrorMessage}");
            }
        }
        foreach (var prop in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (prop.PropertyType.Namespace?.StartsWith("RetinaNet.Edge", StringComparison.Ordinal) != true || !prop.PropertyType.IsClass) continue;
            if (prop.GetValue(target) is { } child) Validate(child, file, prefix + JsonNamingPolicy.CamelCase.ConvertName(prop.Name) + ".", problems);
        }
    }
}

/// <summary>A loaded and validated configuration.</summary>
public sealed record AgentConfig(AgentOptions Agent, IReadOnlyList<CameraOptions> Cameras, string BaseDirectory, string ModelPath);
