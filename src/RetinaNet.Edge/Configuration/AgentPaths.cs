namespace RetinaNet.Edge.Configuration;

/// <summary>Where the agent's files are: every relative path of a configuration is resolved against the folder of
/// agent.json. The one piece of the loaded configuration that is not a stage's own options.</summary>
public sealed record AgentPaths(string BaseDirectory, string ModelPath, string StateFolder, string CamerasFolder)
{
    public static AgentPaths Of(AgentConfig config) =>
        new(config.BaseDirectory, config.ModelPath, ConfigLoader.Resolve(config.BaseDirectory, config.Agent.StateFolder), ConfigLoader.Resolve(config.BaseDirectory, config.Agent.CamerasFolder));

    /// <summary>A configured path, absolute.</summary>
    public string Resolve(string path) => ConfigLoader.Resolve(BaseDirectory, path);
}
