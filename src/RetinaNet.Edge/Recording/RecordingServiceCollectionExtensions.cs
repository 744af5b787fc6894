using Microsoft.Extensions.Options;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Recording;

public static class RecordingServiceCollectionExtensions
{
    /// <summary>Event clips: their options (<c>recording</c>, validated at start), the store's folder, the writer (a
    /// hosted service that also completes clips a killed run left open, before cameras start), and the recorder — an
    /// observer of the remuxed video and of processed frames, told when a camera is removed, and the outermost
    /// decorator of the event history (it stamps the clip's id on a track's events). The index is publishing's
    /// (<see cref="IClipIndex"/>, in the agent's SQLite state).</summary>
    public static IHostApplicationBuilder AddRecording(this IHostApplicationBuilder builder)
    {
        builder.BindSection<RecordingOptions, RecordingOptionsValidator>("recording").WithRules<RecordingOptions, RecordingOptionsRules>();
        builder.Services.AddSingleton(sp => new ClipFolder(sp.GetRequiredService<AgentPaths>().Resolve(sp.GetRequiredService<IOptions<RecordingOptions>>().Value.Folder)));
        builder.Services.AddSingleton<RecordingMetrics>();
        builder.Services.AddSingleton<ClipWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClipWriter>());
        builder.Services.Decorate<IEventHistory, ClipRecorder>();
        builder.Services.AddSingleton<LiveView.IVideoFragmentObserver>(sp => sp.GetRequiredService<ClipRecorder>());
        builder.Services.AddSingleton<Pipeline.IFrameObserver>(sp => sp.GetRequiredService<ClipRecorder>());
        builder.Services.AddSingleton<Cameras.ICameraAnnouncer>(sp => sp.GetRequiredService<ClipRecorder>());
        builder.Services.AddHostedService<RecordingShutdown>();
        return builder;
    }
}

/// <summary>Stops first (registered last): every open clip ends, so the writer completes, indexes and announces it
/// before it stops.</summary>
internal sealed class RecordingShutdown(ClipRecorder recorder) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        recorder.StopAll();
        return Task.CompletedTask;
    }
}
