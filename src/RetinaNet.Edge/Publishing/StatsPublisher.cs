using System.Diagnostics;
using System.Text.Json;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Cameras;

namespace RetinaNet.Edge.Publishing;

/// <summary>A retained <c>PREFIX/stats</c> message every <c>options.Value.statsIntervalSeconds</c>: uptime, readiness, inference,
/// MQTT and outbox, CPU and memory, and every camera's status record (<see cref="CameraSnapshot"/>).</summary>
internal sealed class StatsPublisher(Microsoft.Extensions.Options.IOptions<MqttOptions> options, ICameraStatusSource cameras, IDetector detector, Events.IRetainedState state, IPublishingStatus publishing, TimeProvider time, Hosting.Readiness readiness) : BackgroundService
{
    // The camera records through the status context (the same JSON as CAMERA/status), the envelope by reflection.
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase, // a context's own naming applies only to its own options
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(StatusJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var topics = new Topics(options.Value.TopicPrefix);
        var started = time.GetUtcNow();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.StatsIntervalSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                state.PublishRetained(topics.Stats, Serialize(started));
        }
        catch (OperationCanceledException) { }
    }

    private string Serialize(DateTimeOffset started)
    {
        var problems = readiness.Problems();
        var stats = new
        {
            time = time.GetUtcNow(),
            uptimeSeconds = Math.Round((time.GetUtcNow() - started).TotalSeconds),
            executionProvider = detector.ExecutionProvider.Name(),
            ready = problems.Count == 0,
            problems,
            inference = new { runs = detector.Metrics.Batches, frames = detector.Metrics.Frames },
            mqtt = publishing.Counters(),
            process = new { cpuSeconds = Math.Round(Common.ProcessUsage.Cpu().TotalSeconds, 1), rssMiB = Math.Round(Common.ProcessUsage.ResidentMiB(), 1) },
            cameras = cameras.Snapshot(),
        };
        return JsonSerializer.Serialize(stats, Json);
    }
}
