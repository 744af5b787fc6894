using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>Web: its options (<c>http</c>, validated at start), the HTTP server (routes only), the camera API, its metrics,
    /// and the dashboard's event feed as a decorator of the event history.</summary>
    public static IHostApplicationBuilder AddWeb(this IHostApplicationBuilder builder)
    {
        builder.BindSection<HttpOptions, HttpOptionsValidator>("http").WithRules<HttpOptions, HttpOptionsRules>();
        builder.Services.AddSingleton<HttpMetrics>();
        builder.Services.Decorate<IEventHistory, EventBroadcaster>();
        builder.Services.AddSingleton<CameraApi>();
        builder.Services.AddSingleton<HttpServer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HttpServer>());
        return builder;
    }
}

/// <summary>Source-generated validator of the HTTP options' DataAnnotations (run by <c>ValidateOnStart</c>).</summary>
[Microsoft.Extensions.Options.OptionsValidator]
internal sealed partial class HttpOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<HttpOptions>;
