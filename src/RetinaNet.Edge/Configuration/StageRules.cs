using Microsoft.Extensions.Options;

namespace RetinaNet.Edge.Configuration;

/// <summary>The file a configuration came from and the folder its relative paths resolve against: what a rule needs
/// to name the culprit and to find the files it checks.</summary>
public sealed record ConfigSite(string File, string BaseDirectory)
{
    public static ConfigSite Of(AgentConfig config) => new(config.File, config.BaseDirectory);

    public string Resolve(string path) => ConfigLoader.Resolve(BaseDirectory, path);
}

/// <summary>A stage's rules that span fields or reach outside its section (files exist, certificates parse, thresholds
/// are ordered): one class per options type, in the stage's folder. The strict loader runs them on a file before the
/// agent starts (every problem at once); the host runs them again at start (<c>ValidateOnStart</c>), which also covers
/// configurations built in code.</summary>
internal abstract class StageRules<T>(ConfigSite site) : IValidateOptions<T> where T : class
{
    protected ConfigSite Site => site;

    public abstract void Check(T options, List<string> problems);

    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = new List<string>();
        Check(options, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>The configured file is a regular file of bounded size; true when it is.</summary>
    protected bool CheckFile(string key, string value, long maxBytes, List<string> problems)
    {
        var why = SafeFile.Problem(Site.Resolve(value), maxBytes);
        if (why is not null) problems.Add($"{Site.File}: '{key}' = {Redaction.Show(value)}: {why}");
        return why is null;
    }

    /// <summary>The configured folder is a folder or does not exist yet (it is created).</summary>
    protected void CheckFolder(string key, string? value, List<string> problems)
    {
        if (!string.IsNullOrEmpty(value) && SafeFile.Stat(Site.Resolve(value)).Kind is not (SafeFile.FileKind.Missing or SafeFile.FileKind.Directory))
            problems.Add($"{Site.File}: '{key}' = {Redaction.Show(value)}: exists and is not a folder");
    }

    /// <summary>The environment variable a secret is read from is set.</summary>
    protected void CheckEnvironment(string key, string? variable, List<string> problems)
    {
        if (ConfigRules.UnsetVariable(Site.File, key, variable) is { } unset) problems.Add(unset);
    }
}
