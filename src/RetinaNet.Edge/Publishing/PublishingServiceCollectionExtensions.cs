using Microsoft.Extensions.Options;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Publishing.Outbox;

namespace RetinaNet.Edge.Publishing;

public static class PublishingServiceCollectionExtensions
{
    /// <summary>Publishing: its options (<c>mqtt</c>, validated at start), the embedded broker (if configured), the
    /// durable outbox in the state folder (also the track id seed), and the MQTT sink as the event history and the
    /// retained state; PREFIX/stats; what a camera publishes when it starts or is removed, and its status every 10 s.</summary>
    public static IHostApplicationBuilder AddPublishing(this IHostApplicationBuilder builder)
    {
        builder.BindSection<MqttOptions, MqttOptionsValidator>("mqtt").WithRules<MqttOptions, MqttOptionsRules>();
        builder.Services.AddHostedService<EmbeddedBroker>(); // before the client, so that it can connect at once
        builder.Services.AddSingleton(sp =>
        {
            var paths = sp.GetRequiredService<AgentPaths>();
            return new SqliteOutbox(paths.StateFolder, sp.GetRequiredService<IOptions<MqttOptions>>().Value.Outbox,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SqliteOutbox>>());
        });
        builder.Services.AddSingleton<Tracking.ITrackIdSeed, PublishedTrackIds>();
        builder.Services.AddSingleton<MqttEventSink>();
        builder.Services.AddSingleton<IEventHistory>(sp => sp.GetRequiredService<MqttEventSink>());
        builder.Services.AddSingleton<IRetainedState>(sp => sp.GetRequiredService<MqttEventSink>());
        builder.Services.AddSingleton<IPublishingStatus>(sp => sp.GetRequiredService<MqttEventSink>());
        builder.Services.AddSingleton<Recording.IClipIndex, ClipIndex>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MqttEventSink>());
        builder.Services.AddHostedService<StatsPublisher>();
        builder.Services.AddSingleton<Cameras.ICameraAnnouncer, CameraAnnouncer>();
        builder.Services.AddHostedService<CameraStatusPublisher>();
        return builder;
    }
}

/// <summary>Source-generated validator of the MQTT options' DataAnnotations (run by <c>ValidateOnStart</c>).</summary>
[OptionsValidator]
internal sealed partial class MqttOptionsValidator : IValidateOptions<MqttOptions>;
