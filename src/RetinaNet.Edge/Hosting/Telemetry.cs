using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace RetinaNet.Edge.Hosting;

/// <summary>The one measuring system: every stage records on its own <c>RetinaNet.Edge.*</c> meter made by the
/// host's <see cref="IMeterFactory"/>; one bridge, OpenTelemetry's Prometheus exporter, serves them all at
/// <c>/metrics</c> (Web's HTTP server maps it). Chosen over prometheus-net's MeterAdapter, which exposes every .NET
/// counter as a Prometheus gauge and prefixes the meter name (every metric would have been renamed and rate() lost).
/// Scope labels and target_info are off so that names and labels stay what they were.</summary>
public static class Telemetry
{
    public const string Meters = "RetinaNet.Edge.*";

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        builder.Services.AddHostedService<ProcessMetrics>(); // made at start: its instruments exist from then on
        builder.Services.AddOpenTelemetry().WithMetrics(m => ((IDeferredMeterProviderBuilder)m
            .AddMeter(Meters))
            // OpenTelemetry listens to meters by name, process-wide: only this host's (made by its IMeterFactory) are
            // exported, so that another agent host in the same process (tool commands, tests) never shows up here —
            // for an observed counter that would be a second, different total for the same series.
            .Configure((sp, b) =>
            {
                var factory = sp.GetRequiredService<IMeterFactory>();
                b.AddView(i => ReferenceEquals(i.Meter.Scope, factory) ? null : MetricStreamConfiguration.Drop);
            })
            .AddPrometheusExporter(o =>
            {
                o.ScopeInfoEnabled = false;
                o.TargetInfoEnabled = false;
                o.ScrapeResponseCacheDurationMilliseconds = 0;
            }));
        return builder;
    }
}

/// <summary>The process's CPU time and resident memory on the <c>RetinaNet.Edge.Process</c> meter (the names Prometheus
/// clients use: <c>process_cpu_seconds_total</c>, <c>process_resident_memory_bytes</c>).</summary>
internal sealed class ProcessMetrics : IHostedService
{
    public ProcessMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("RetinaNet.Edge.Process");
        meter.CreateObservableCounter("process.cpu.seconds", () => Common.ProcessUsage.Cpu().TotalSeconds, description: "CPU time of the agent (user and system)");
        meter.CreateObservableGauge("process.resident_memory", Common.ProcessUsage.ResidentBytes, unit: "By", description: "Resident memory of the agent");
        meter.CreateObservableGauge("process.threads", Common.ProcessUsage.Threads, description: "Threads of the agent");
        meter.CreateObservableGauge("process.managed_heap", Common.ProcessUsage.ManagedHeapBytes, unit: "By", description: "Managed heap after the last gen-2 collection, fragmentation left out");
        meter.CreateObservableGauge("process.open_fds", Common.ProcessUsage.OpenFileDescriptors, description: "Open file descriptors of the agent");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
