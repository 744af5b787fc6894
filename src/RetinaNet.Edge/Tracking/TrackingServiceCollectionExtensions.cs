using RetinaNet.Edge.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RetinaNet.Edge.Tracking;

public static class TrackingServiceCollectionExtensions
{
    /// <summary>Tracking: its options (<c>tracking</c>, validated at start), the per-camera tracker factory (ByteTrack)
    /// and its metrics.</summary>
    public static IHostApplicationBuilder AddTracking(this IHostApplicationBuilder builder)
    {
        builder.BindSection<TrackingOptions, TrackingOptionsValidator>("tracking").WithRules<TrackingOptions, TrackingOptionsRules>();
        builder.Services.TryAddSingleton<TrackingMetrics>();
        builder.Services.TryAddSingleton<ITrackerFactory, ByteTrackerFactory>();
        return builder;
    }
}

/// <summary>Source-generated validator of the tracking options' DataAnnotations (run by <c>ValidateOnStart</c>).</summary>
[Microsoft.Extensions.Options.OptionsValidator]
internal sealed partial class TrackingOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<TrackingOptions>;
