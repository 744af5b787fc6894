using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RetinaNet.Edge.Capture;

public static class CaptureServiceCollectionExtensions
{
    /// <summary>Capture: one worker per camera, made by the factory the inference service uses; its metrics.</summary>
    public static IHostApplicationBuilder AddCapture(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<CaptureMetrics>();
        builder.Services.TryAddSingleton<ICaptureFactory, CaptureFactory>();
        return builder;
    }
}
