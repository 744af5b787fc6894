using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Pipeline;

namespace RetinaNet.Edge.Publishing;

/// <summary>A retained <c>PREFIX/stats</c> message every <c>mqtt.statsIntervalSeconds</c>: uptime, frames, events,
/// MQTT queue, inference, CPU and memory, per camera status.</summary>
internal sealed class StatsPublisher(AgentConfig config, PipelineService pipeline, IDetector detector, MqttEventSink sink, TimeProvider time, Hosting.Readiness readiness) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var topics = new Topics(config.Agent.Mqtt.TopicPrefix);
        var started = time.GetUtcNow();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(config.Agent.Mqtt.StatsIntervalSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                using var proc = Process.GetCurrentProcess();
                var stats = new
                {
                    time = time.GetUtcNow(),
                    uptimeSeconds = Math.Round((time.GetUtcNow() - started).TotalSeconds),
                    executionProvider = detector.ExecutionProvider,
                    ready = readiness.Problems() is { Count: 0 },
                    problems = readiness.Problems(),
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
                    process = new { cpuSeconds = Math.Round(proc.TotalProcessorTime.TotalSeconds, 1), rssMiB = Math.Round(proc.WorkingSet64 / 1048576.0, 1) },
                    cameras = pipeline.Cameras.Select(c => new
                    {
                        name = c.Name, state = c.Capture.Status.State.ToString().ToLowerInvariant(), framesIn = c.Capture.Status.FramesIn,
                        framesProcessed = c.Capture.Status.FramesProcessed, framesDropped = c.Capture.Status.FramesDropped, reconnects = c.Capture.Status.Reconnects, errors = c.Errors,
                    }),
                };
                sink.PublishRetained(topics.Stats, JsonSerializer.Serialize(stats));
            }
        }
        catch (OperationCanceledException) { }
    }
}
