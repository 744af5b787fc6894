using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Pipeline;

namespace RetinaNet.Edge.Cameras;

public static class CamerasServiceCollectionExtensions
{
    /// <summary>The cameras: the catalog of camera files, the supervisor that runs them (inference's camera set and the
    /// status source), and — for a configuration loaded from files — the watcher that applies changes live. Register
    /// before the pipeline: the supervisor starts the cameras before inference starts and stops them after it.</summary>
    public static IHostApplicationBuilder AddCameras(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(sp => new CameraCatalog(sp.GetRequiredService<LoadedCameras>(), sp.GetRequiredService<AgentPaths>(), sp.GetRequiredService<Inference.IDetector>().Model.Labels));
        services.AddSingleton<FrameSignal>();
        services.AddSingleton<CameraSupervisor>();
        services.AddSingleton<ICameraSet>(sp => sp.GetRequiredService<CameraSupervisor>());
        services.AddSingleton<ICameraStatusSource>(sp => sp.GetRequiredService<CameraSupervisor>());
        services.AddHostedService(sp => sp.GetRequiredService<CameraSupervisor>());
        services.AddSingleton<CameraFolderWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<CameraFolderWatcher>());
        return builder;
    }
}
