namespace RetinaNet.Edge.Configuration;

/// <summary>The cameras a configuration started with, and whether they came from <c>camerasFolder</c> (then the agent
/// watches it and applies changes while it runs) or were built in code by a tool command (a fixed set).</summary>
public sealed record LoadedCameras(IReadOnlyList<CameraOptions> Cameras, bool Watch)
{
    public static LoadedCameras Of(AgentConfig config) => new(config.Cameras, config.WatchCameras);
}
