using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RetinaNet.Edge.Cameras;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.LiveView;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Publishing;
using RetinaNet.Edge.Recording;
using RetinaNet.Edge.Snapshots;
using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Web;

namespace RetinaNet.Edge.Hosting;

/// <summary>Composition of the agent: <c>builder.AddEdgeAgent(config)</c> registers the configuration and its options
/// (validated at start), then chains the stages, each registering its own services, metrics and decorators.</summary>
public static class EdgeAgentExtensions
{
    public static IHostApplicationBuilder AddEdgeAgent(this IHostApplicationBuilder builder, AgentConfig config)
    {
        builder.Services.AddSystemd();
        // Every stage stops within a few seconds (the pipeline bounds itself at 5 s); never wait 30 s on a client.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.TryAddSingleton<Microsoft.Extensions.Hosting.Systemd.ISystemdNotifier, Microsoft.Extensions.Hosting.Systemd.SystemdNotifier>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddConfiguration(config).AddTelemetry();
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddHostedService<WatchdogService>();
        return builder.AddPublishing().AddInference().AddTracking().AddEvents().AddSnapshots().AddCapture().AddCameras().AddPipeline().AddWeb().AddLiveView().AddRecording();
    }

    /// <summary>The loaded configuration as the source of every stage's options (each stage's <c>AddX</c> declares its
    /// section with <c>AddOptions</c>, its validator and <c>ValidateOnStart</c>; this fills them from the file the strict
    /// loader read, or from a configuration built in code), the paths relative values resolve against, and the cameras
    /// the agent starts with.</summary>
    private static IHostApplicationBuilder AddConfiguration(this IHostApplicationBuilder builder, AgentConfig config)
    {
        var services = builder.Services;
        services.AddSingleton(AgentPaths.Of(config));
        services.AddSingleton(LoadedCameras.Of(config));
        services.AddSingleton<IConfigureOptions<ModelOptions>>(new CopyOptions<ModelOptions>(config.Agent.Model));
        services.AddSingleton<IConfigureOptions<InferenceOptions>>(new CopyOptions<InferenceOptions>(config.Agent.Inference));
        services.AddSingleton<IConfigureOptions<MqttOptions>>(new CopyOptions<MqttOptions>(config.Agent.Mqtt));
        services.AddSingleton<IConfigureOptions<TrackingOptions>>(new CopyOptions<TrackingOptions>(config.Agent.Tracking));
        services.AddSingleton<IConfigureOptions<HttpOptions>>(new CopyOptions<HttpOptions>(config.Agent.Http));
        services.AddSingleton<IConfigureOptions<LiveView.LiveViewOptions>>(new CopyOptions<LiveView.LiveViewOptions>(config.Agent.LiveView));
        services.AddSingleton<IConfigureOptions<SnapshotOptions>>(new CopyOptions<SnapshotOptions>(config.Agent.Snapshots));
        services.AddSingleton<IConfigureOptions<Recording.RecordingOptions>>(new CopyOptions<Recording.RecordingOptions>(config.Agent.Recording));
        services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        services.AddSingleton<IConfigureOptions<AgentOptions>>(new CopyOptions<AgentOptions>(config.Agent));
        services.AddOptions<AgentOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<CameraOptions>, CameraOptionsValidator>();
        foreach (var camera in config.Cameras)
        {
            services.AddSingleton<IConfigureOptions<CameraOptions>>(new NamedCopy(camera.Name, new CopyOptions<CameraOptions>(camera)));
            services.AddOptions<CameraOptions>(camera.Name).ValidateOnStart();
        }
        return builder;
    }
}
