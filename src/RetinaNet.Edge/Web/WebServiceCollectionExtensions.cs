using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>Web: the HTTP server, its metrics, the live-view annotator (a frame observer with its own drawing task),
    /// and the dashboard's event feed as a decorator of the event history.</summary>
    public static IHostApplicationBuilder AddWeb(this IHostApplicationBuilder builder, AgentConfig config)
    {
        builder.Services.AddSingleton<HttpMetrics>();
        builder.Services.Decorate<IEventHistory, EventBroadcaster>();
        builder.Services.AddSingleton<FrameAnnotator>();
        builder.Services.AddSingleton<Pipeline.IFrameObserver>(sp => sp.GetRequiredService<FrameAnnotator>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FrameAnnotator>());
        builder.Services.AddSingleton<CameraApi>();
        builder.Services.AddSingleton<HttpServer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HttpServer>());
        return builder;
    }
}
