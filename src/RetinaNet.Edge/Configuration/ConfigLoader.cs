using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Configuration;

/// <summary>Loads <c>agent.json</c> and every <c>cameras/*.json</c> strictly: files are checked before they are
/// opened (regular files of bounded size), JSON with unknown keys, duplicate keys or <c>null</c> where a value is
/// required is refused, every options type of every stage is validated by one path (<see cref="OptionsValidation"/>),
/// then the cross-field and cross-file rules run (each stage's <see cref="StageRules{T}"/>, <see cref="ConfigRules"/> for cameras). Each problem names the file, the key and
/// a truncated, redacted value.</summary>
public static class ConfigLoader
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
        RespectNullableAnnotations = true,
        MaxDepth = 32,
        // Enums as their JSON names only (a number is refused); each enum's names are on its members.
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
    };

    public static AgentConfig Load(string agentJsonPath)
    {
        var problems = new List<string>();
        var fullPath = Path.GetFullPath(agentJsonPath);
        var baseDir = Path.GetDirectoryName(fullPath)!;
        var parsed = Read<AgentOptions>(fullPath, problems);
        if (parsed is null) throw new ConfigException(problems); // the cameras are found through agent.json
        var agent = parsed;
        AgentOptionsRules.All(agent, new ConfigSite(fullPath, baseDir), problems);
        var modelPath = Resolve(baseDir, agent.Model.Path);

        var cameras = new List<CameraOptions>();
        var cameraDir = Resolve(baseDir, agent.CamerasFolder);
        if (!Directory.Exists(cameraDir)) problems.Add($"{fullPath}: 'camerasFolder' = {Redaction.Show(agent.CamerasFolder)}: folder not found");
        else
        {
            var files = CameraFiles.In(cameraDir); // none is fine: cameras can be added while the agent runs
            foreach (var misnamed in CameraFiles.Misnamed(cameraDir))
                problems.Add($"{misnamed}: not read as a camera file: camera files end in lower-case .json (rename it to {Path.GetFileNameWithoutExtension(misnamed)}.json)");
            foreach (var file in files)
            {
                var (cam, mine) = CameraFiles.Load(file, baseDir);
                problems.AddRange(mine);
                if (cam is null) continue;
                if (cameras.Any(c => c.Name == cam.Name)) problems.Add($"{file}: 'name' = {Redaction.Show(cam.Name)}: another camera file uses this name");
                cameras.Add(cam);
            }
        }
        if (problems.Count > 0) throw new ConfigException(problems);
        return new AgentConfig(agent, cameras, baseDir, modelPath) { WatchCameras = true, File = fullPath };
    }

    /// <summary>agent.json alone (its model, inference and other sections, checked as <see cref="Load"/> does), for the
    /// tool commands that take a model from a configuration but run no camera.</summary>
    public static (AgentOptions Agent, string BaseDirectory, string ModelPath) LoadAgentOptions(string agentJsonPath)
    {
        var problems = new List<string>();
        var fullPath = Path.GetFullPath(agentJsonPath);
        var baseDir = Path.GetDirectoryName(fullPath)!;
        var agent = Read<AgentOptions>(fullPath, problems);
        if (agent is not null) AgentOptionsRules.All(agent, new ConfigSite(fullPath, baseDir), problems);
        if (problems.Count > 0 || agent is null) throw new ConfigException(problems);
        return (agent, baseDir, Resolve(baseDir, agent.Model.Path));
    }

    public static string Resolve(string baseDir, string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDir, path));

    /// <summary>Hides a password in a URL's user-info (with or without a scheme).</summary>
    public static string Redact(string url) => Redaction.Url(url);

    internal static T? Read<T>(string file, List<string> problems) where T : class
    {
        if (SafeFile.Problem(file, SafeFile.ConfigMaxBytes) is { } why)
        {
            problems.Add($"{file}: {why}");
            return null;
        }
        try
        {
            return Parse<T>(SafeFile.ReadText(file, SafeFile.ConfigMaxBytes), file, problems);
        }
        catch (InvalidDataException e)
        {
            problems.Add($"{file}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{file}: cannot read: {e.Message}");
        }
        return null;
    }

    /// <summary>A document's text under the loader's strict rules; <paramref name="file"/> names it in problems.</summary>
    internal static T? Parse<T>(string text, string file, List<string> problems) where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(text, Json);
            if (value is null) problems.Add($"{file}: the document is null; expected an object");
            return value;
        }
        catch (JsonException e)
        {
            problems.Add($"{file}: {JsonProblem.Describe(e)}");
        }
        return null;
    }
}

/// <summary>A loaded and validated configuration.</summary>
public sealed record AgentConfig(AgentOptions Agent, IReadOnlyList<CameraOptions> Cameras, string BaseDirectory, string ModelPath)
{
    /// <summary>The cameras came from <c>camerasFolder</c>: the agent watches it (and SIGHUP, and the camera API) and
    /// applies changes while it runs. False for configurations built in code (tool commands).</summary>
    public bool WatchCameras { get; init; }

    /// <summary>The agent.json it was loaded from (problems name it), or what a configuration built in code is.</summary>
    public string File { get; init; } = "configuration built in code";
}
