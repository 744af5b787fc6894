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
        return builder.AddPublishing(config).AddInference().AddTracking().AddEvents().AddSnapshots(config).AddCapture().AddCameras().AddPipeline(config).AddWeb(config).AddLiveView(config);
    }

    /// <summary>The loaded configuration, each stage's options section as its own singleton, and the options pipeline's
    /// source-generated validators with <c>ValidateOnStart</c> (covers configurations built in code).</summary>
    private static IHostApplicationBuilder AddConfiguration(this IHostApplicationBuilder builder, AgentConfig config)
    {
        var services = builder.Services;
        services.AddSingleton(config);
        services.AddSingleton(config.Agent.Mqtt);
        services.AddSingleton(config.Agent.Http);
        services.AddSingleton(config.Agent.Tracking);
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
