using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Publishing;

namespace RetinaNet.Edge.Hosting;

/// <summary>What keeps the agent from being ready: a camera not streaming (a finished file counts as fine) or the
/// broker not connected. The model is loaded before anything starts. Used by /readyz and the systemd status.</summary>
internal sealed class Readiness(PipelineService pipeline, MqttEventSink sink)
{
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var c in pipeline.Cameras)
            if (c.Capture.Status.State is not (CameraState.Streaming or CameraState.Ended))
                problems.Add($"camera {c.Name} is {c.Capture.Status.State.ToString().ToLowerInvariant()}");
        if (sink.ConnectionProblem is { } mqtt) problems.Add(mqtt);
        return problems;
    }
}
