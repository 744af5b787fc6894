using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Publishing;

namespace RetinaNet.Edge.Hosting;

/// <summary>Composition of the agent: <c>builder.AddEdgeAgent(config)</c> chains the stages.</summary>
public static class EdgeAgentExtensions
{
    public static IHostApplicationBuilder AddEdgeAgent(this IHostApplicationBuilder builder, AgentConfig config)
    {
        builder.Services.AddSystemd();
        // Every stage stops within a few seconds (the pipeline bounds itself at 5 s); never wait 30 s on a client.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.TryAddSingleton<Microsoft.Extensions.Hosting.Systemd.ISystemdNotifier, Microsoft.Extensions.Hosting.Systemd.SystemdNotifier>();
        builder.Services.AddSingleton(config);
        // The options pipeline re-checks the annotations at start (configurations built in code included).
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<AgentOptions>>(new CopyOptions<AgentOptions>(config.Agent));
        builder.Services.AddOptions<AgentOptions>().ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<CameraOptions>, CameraOptionsValidator>();
        foreach (var camera in config.Cameras)
        {
            builder.Services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<CameraOptions>>(new NamedCopy(camera.Name, new CopyOptions<CameraOptions>(camera)));
            builder.Services.AddOptions<CameraOptions>(camera.Name).ValidateOnStart();
        }
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddHostedService<WatchdogService>();
        builder.Services.AddHostedService<StatsPublisher>();
        return builder.AddPublishing().AddInference().AddPipeline().AddWeb();
    }

    public static IHostApplicationBuilder AddPublishing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<EmbeddedBroker>(); // before the client, so that it can connect at once
        builder.Services.AddSingleton(sp =>
        {
            var config = sp.GetRequiredService<AgentConfig>();
            return new Publishing.Outbox.SqliteOutbox(ConfigLoader.Resolve(config.BaseDirectory, config.Agent.StateFolder), config.Agent.Mqtt.Outbox,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<Publishing.Outbox.SqliteOutbox>>());
        });
        builder.Services.AddSingleton<Tracking.ITrackIdSeed>(sp => sp.GetRequiredService<Publishing.Outbox.SqliteOutbox>());
        builder.Services.AddSingleton<MqttEventSink>();
        builder.Services.AddSingleton<Web.EventBroadcaster>();
        builder.Services.AddSingleton<IEventSink>(sp => sp.GetRequiredService<Web.EventBroadcaster>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MqttEventSink>());
        return builder;
    }

    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IDetector>(sp =>
        {
            var config = sp.GetRequiredService<AgentConfig>();
            if (config.Agent.Inference.NativeLibrary is { } lib)
            {
                NativeOnnxRuntime.Use(ConfigLoader.Resolve(config.BaseDirectory, lib));
                Inference.Log.NativeLibrary(sp.GetRequiredService<ILogger<OnnxDetector>>(), lib);
            }
            return new OnnxDetector(config, sp.GetRequiredService<ILogger<OnnxDetector>>(), sp.GetService<System.Diagnostics.Metrics.IMeterFactory>());
        });
        return builder;
    }

    public static IHostApplicationBuilder AddWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => sp.GetRequiredService<AgentConfig>().Agent.Http);
        builder.Services.AddSingleton(sp =>
        {
            var config = sp.GetRequiredService<AgentConfig>();
            return new Web.SnapshotStore(config.Agent.Snapshots, ConfigLoader.Resolve(config.BaseDirectory, config.Agent.Snapshots.Folder), sp.GetRequiredService<TimeProvider>());
        });
        builder.Services.AddSingleton<Web.FrameAnnotator>();
        builder.Services.AddSingleton<Pipeline.IFrameObserver>(sp => sp.GetRequiredService<Web.FrameAnnotator>());
        builder.Services.AddSingleton<Web.MetricsExporter>();
        builder.Services.AddSingleton<Pipeline.IFrameObserver>(sp => sp.GetRequiredService<Web.MetricsExporter>());
        builder.Services.AddSingleton<Web.HttpServer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Web.HttpServer>());
        return builder;
    }

    public static IHostApplicationBuilder AddPipeline(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new PipelineHealth(sp.GetRequiredService<TimeProvider>())
        {
            StallAfter = TimeSpan.FromSeconds(sp.GetRequiredService<AgentConfig>().Agent.Inference.StallSeconds),
        });
        builder.Services.TryAddSingleton<Tracking.ITrackerFactory, Tracking.ByteTrackerFactory>();
        builder.Services.AddSingleton<PipelineService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PipelineService>());
        return builder;
    }
}
