using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Publishing;

namespace RetinaNet.Edge.Hosting;

/// <summary>What keeps the agent from being ready: a camera not streaming (a finished file counts as fine) or the
/// broker not connected. The model is loaded before anything starts. Used by /readyz and the systemd status.</summary>
internal sealed class Readiness(PipelineService pipeline, MqttEventSink sink, PipelineHealth health)
{
    /// <summary>What only a restart fixes: a pipeline loop that ended, inference failing or stalled (see
    /// <see cref="PipelineHealth"/>). The watchdog stops pinging while this is not empty.</summary>
    public IReadOnlyList<string> Fatal() =>
        health.Fatal(pipeline.Cameras.Select(c => (c.Name, c.Capture.Status.FramesIn, c.Capture.Status.FramesProcessed)));

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>(Fatal());
        foreach (var c in pipeline.Cameras)
            if (c.Capture.Status.State is not (CameraState.Streaming or CameraState.Ended))
                problems.Add($"camera {c.Name} is {c.Capture.Status.State.ToString().ToLowerInvariant()}");
        if (sink.ConnectionProblem is { } mqtt) problems.Add(mqtt);
        return problems;
    }
}
