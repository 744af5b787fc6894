using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RetinaNet.Edge.Tracking;

public static class TrackingServiceCollectionExtensions
{
    /// <summary>Tracking: the per-camera tracker factory (ByteTrack) and its metrics.</summary>
    public static IHostApplicationBuilder AddTracking(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<TrackingMetrics>();
        builder.Services.TryAddSingleton<ITrackerFactory, ByteTrackerFactory>();
        return builder;
    }
}
