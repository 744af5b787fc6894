using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Snapshots;

public static class SnapshotServiceCollectionExtensions
{
    /// <summary>Snapshots (when <c>snapshots.enabled</c>): the store, its writer and the queue post-processing uses.</summary>
    public static IHostApplicationBuilder AddSnapshots(this IHostApplicationBuilder builder, AgentConfig config)
    {
        var options = config.Agent.Snapshots;
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new SnapshotFolder(ConfigLoader.Resolve(config.BaseDirectory, options.Folder)));
        if (!options.Enabled) return builder;
        builder.Services.AddSingleton<SnapshotMetrics>();
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<SnapshotStore>(sp, sp.GetRequiredService<SnapshotFolder>().Path));
        builder.Services.AddSingleton<SnapshotWriter>();
        builder.Services.AddSingleton<ISnapshotQueue>(sp => sp.GetRequiredService<SnapshotWriter>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SnapshotWriter>());
        return builder;
    }
}

/// <summary>Where snapshots are written and served from (resolved against agent.json's folder).</summary>
internal sealed record SnapshotFolder(string Path);
