using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Publishing;
using RetinaNet.Edge.Cameras;

namespace RetinaNet.Edge.Hosting;

/// <summary>What keeps the agent from being ready: a camera not streaming (a finished file counts as fine) or the
/// broker not connected. The model is loaded before anything starts. Used by /readyz and the systemd status.</summary>
internal sealed class Readiness(ICameraStatusSource cameras, IPublishingStatus publishing, PipelineHealth health)
{
    /// <summary>What only a restart fixes: a pipeline loop that ended, inference failing or stalled (see
    /// <see cref="PipelineHealth"/>). The watchdog stops pinging while this is not empty.</summary>
    public IReadOnlyList<string> Fatal() => Fatal(cameras.Snapshot());

    private List<string> Fatal(IReadOnlyList<CameraSnapshot> snapshot) =>
        [.. health.Fatal(snapshot.Select(c => (c.Camera, c.FramesIn, c.FramesProcessed)))];

    public IReadOnlyList<string> Problems()
    {
        var snapshot = cameras.Snapshot();
        var problems = Fatal(snapshot);
        foreach (var c in snapshot)
        {
            if (c.ConfigError is { } why) problems.Add($"camera {c.Camera}: its file is not applied ({(c.State == Cameras.CameraState.ConfigError ? "not started" : "runs as it was")}): {why}");
            else if (c.State is not (Cameras.CameraState.Streaming or Cameras.CameraState.Ended))
                problems.Add($"camera {c.Camera} is {c.State.ToString().ToLowerInvariant()}");
        }
        if (publishing.ConnectionProblem is { } mqtt) problems.Add(mqtt);
        return problems;
    }
}
