using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RetinaNet.Edge.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>Events: their metrics (the generators are per camera, made by post-processing).</summary>
    public static IHostApplicationBuilder AddEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<EventMetrics>();
        return builder;
    }
}
