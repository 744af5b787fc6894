using System.Diagnostics;
using System.Text.Json;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Cameras;

namespace RetinaNet.Edge.Publishing;

/// <summary>A retained <c>PREFIX/stats</c> message every <c>options.Value.statsIntervalSeconds</c>: uptime, readiness, inference,
/// MQTT and outbox, CPU and memory, and every camera's status record (<see cref="CameraSnapshot"/>).</summary>
internal sealed class StatsPublisher(Microsoft.Extensions.Options.IOptions<MqttOptions> options, ICameraStatusSource cameras, IDetector detector, MqttEventSink sink, TimeProvider time, Hosting.Readiness readiness) : BackgroundService
{
    // The camera records through the status context (the same JSON as CAMERA/status), the envelope by reflection.
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase, // a context's own naming applies only to its own options
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(StatusJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var topics = sink.Topics;
        var started = time.GetUtcNow();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.StatsIntervalSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                sink.PublishRetained(topics.Stats, Serialize(started));
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
            mqtt = new
            {
                connected = sink.IsConnected, problem = sink.ConnectionProblem, published = sink.Published, failed = sink.Failed, rejected = sink.Rejected,
                dropped = sink.Dropped, queued = sink.Queued, retainedTopics = sink.RetainedTopics,
                outbox = new
                {
                    path = sink.Outbox.Path, pending = sink.Outbox.PendingCount, megabytes = Math.Round(sink.Outbox.PendingBytes / 1048576.0, 3),
                    appended = sink.Outbox.Appended, droppedOverBudget = sink.Outbox.DroppedOverBudget, expired = sink.Outbox.Expired,
                    writeFailures = sink.Outbox.WriteFailures, problem = sink.Outbox.Problem,
                },
            },
            process = new { cpuSeconds = Math.Round(Common.ProcessUsage.Cpu().TotalSeconds, 1), rssMiB = Math.Round(Common.ProcessUsage.ResidentMiB(), 1) },
            cameras = cameras.Snapshot(),
        };
        return JsonSerializer.Serialize(stats, Json);
    }
}
