using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Publishing;

/// <summary>What a camera publishes outside its frames: when it starts, its Home Assistant discovery entries (if
/// enabled) and every counter at 0 (so Home Assistant shows a value, not "unknown"); when it is removed, all of its
/// retained topics and discovery entries are deleted at the broker.</summary>
internal sealed class CameraAnnouncer(Microsoft.Extensions.Options.IOptions<MqttOptions> options, Events.IRetainedState state) : Cameras.ICameraAnnouncer
{
    private readonly Topics _topics = new(options.Value.TopicPrefix);

    public void Started(CameraOptions camera, IReadOnlyList<string> modelLabels)
    {
        if (!options.Value.HomeAssistantDiscovery) return;
        foreach (var (topic, payload) in HomeAssistantDiscovery.Messages(options.Value, _topics, camera, modelLabels)) state.PublishRetained(topic, payload);
        var labels = camera.Labels.Count > 0 ? camera.Labels : modelLabels;
        state.PublishCounts(camera.Name, labels.Distinct().ToDictionary(l => l, _ => 0));
        foreach (var z in camera.Zones) state.PublishValue(camera.Name, $"zones/{z.Name}/count", "0");
    }

    public void Removed(CameraOptions camera, IReadOnlyList<string> modelLabels) =>
        state.ClearCamera(camera.Name, options.Value.HomeAssistantDiscovery ? HomeAssistantDiscovery.Messages(options.Value, _topics, camera, modelLabels).Select(m => m.Topic) : []);
}

/// <summary>Every camera's <c>CAMERA/status</c> again every 10 s (a status changes on its own too; this keeps its
/// counters fresh and its expiry from running out).</summary>
internal sealed class CameraStatusPublisher(Cameras.ICameraStatusSource cameras, Events.IRetainedState state, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                foreach (var c in cameras.Snapshot())
                    if (c.State != Cameras.CameraState.ConfigError) state.PublishStatus(c);
        }
        catch (OperationCanceledException) { }
    }
}
