using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.History;

public static class HistoryServiceCollectionExtensions
{
    /// <summary>The event history of tracked objects: its options (<c>history</c>), the store in the state folder, its
    /// writer (registered before the pipeline, so it stops after it and keeps the last <c>end</c> events) and the
    /// decorator that feeds it from the event history (inside the clip recorder's, so clip ids are on the events).</summary>
    public static IHostApplicationBuilder AddHistory(this IHostApplicationBuilder builder)
    {
        builder.BindSection<HistoryOptions, HistoryOptionsValidator>("history");
        if (!builder.AgentSettings().Current.History.Enabled)
        {
            builder.Services.AddSingleton<IObjectHistory, NoHistory>();
            return builder;
        }
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<HistoryStore>(sp, sp.GetRequiredService<AgentPaths>().StateFolder));
        builder.Services.AddSingleton<IObjectHistory>(sp => sp.GetRequiredService<HistoryStore>());
        builder.Services.AddSingleton<HistoryMetrics>();
        builder.Services.AddSingleton<HistoryWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HistoryWriter>());
        builder.Services.Decorate<IEventHistory, HistoryRecorder>();
        return builder;
    }
}
