using RetinaNet.Edge.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RetinaNet.Edge.LiveView;

public static class LiveViewServiceCollectionExtensions
{
    /// <summary>The live views, with their options (<c>liveView</c>): the annotated MJPEG view's drawing (a frame observer
    /// with its own drawing task); the browser live view: the hub that fans the cameras' remuxed video out to viewers (capture's
    /// <see cref="Capture.ILiveVideoSink"/>), the overlay that sends each processed frame's boxes, full-resolution
    /// frames for snapshots from the kept GOPs, their metrics.
    /// Without the HTTP server nobody can watch: the hub then accepts no video and capture remuxes nothing.</summary>
    public static IHostApplicationBuilder AddLiveView(this IHostApplicationBuilder builder)
    {
        builder.BindSection<LiveViewOptions, LiveViewOptionsValidator>("liveView");
        builder.Services.TryAddSingleton<LiveViewMetrics>();
        builder.Services.AddSingleton<FrameAnnotator>();
        builder.Services.AddSingleton<Pipeline.IFrameObserver>(sp => sp.GetRequiredService<FrameAnnotator>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FrameAnnotator>());
        builder.Services.TryAddSingleton<LiveVideoHub>();
        builder.Services.TryAddSingleton<HlsSessions>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HlsSessions>());
        builder.Services.AddSingleton<Capture.ILiveVideoSink>(sp => sp.GetRequiredService<LiveVideoHub>());
        builder.Services.AddSingleton<Pipeline.IFrameObserver, LiveOverlay>();
        builder.Services.AddSingleton<Snapshots.IFullFrames>(sp => new FullFrameDecoder(sp.GetRequiredService<LiveVideoHub>()));

        return builder;
    }
}
