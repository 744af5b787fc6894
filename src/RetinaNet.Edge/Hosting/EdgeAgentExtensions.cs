using Microsoft.Extensions.DependencyInjection.Extensions;
using RetinaNet.Edge.Cameras;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.History;
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
        return builder.AddPublishing().AddInference().AddTracking().AddEvents().AddHistory().AddSnapshots().AddCapture().AddCameras().AddPipeline().AddWeb().AddLiveView().AddRecording();
    }

    /// <summary>The loaded configuration: <see cref="AgentSettings"/>, whose sections each stage's <c>AddX</c> binds
    /// (<c>BindSection</c>: <c>AddOptions().Bind(section)</c>, its generated validator, its rules, <c>ValidateOnStart</c>),
    /// the file and folder problems are named by, the paths relative values resolve against, and the cameras the agent
    /// starts with (the camera catalog owns them from there: they change while it runs).</summary>
    private static IHostApplicationBuilder AddConfiguration(this IHostApplicationBuilder builder, AgentConfig config)
    {
        var settings = new AgentSettings(config.Agent);
        builder.Properties[typeof(AgentSettings)] = settings;
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(ConfigSite.Of(config));
        builder.Services.AddSingleton(AgentPaths.Of(config));
        builder.Services.AddSingleton(LoadedCameras.Of(config));
        // agent.json's own keys (folders); each section is its stage's.
        builder.BindSection<AgentOptions, AgentOptionsValidator>("", o => o.Inference.Providers = []).WithRules<AgentOptions, AgentOptionsRules>();
        return builder;
    }
}
