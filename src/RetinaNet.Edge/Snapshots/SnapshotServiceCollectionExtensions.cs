using Microsoft.Extensions.Options;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Snapshots;

public static class SnapshotServiceCollectionExtensions
{
    /// <summary>Snapshots: their options (<c>snapshots</c>, validated at start), the store, its writer and the queue
    /// post-processing uses (which takes nothing while <c>snapshots.enabled</c> is false).</summary>
    public static IHostApplicationBuilder AddSnapshots(this IHostApplicationBuilder builder)
    {
        builder.BindSection<SnapshotOptions, SnapshotOptionsValidator>("snapshots").WithRules<SnapshotOptions, SnapshotOptionsRules>();
        builder.Services.AddSingleton(sp => new SnapshotFolder(sp.GetRequiredService<AgentPaths>().Resolve(sp.GetRequiredService<IOptions<SnapshotOptions>>().Value.Folder)));
        builder.Services.AddSingleton<SnapshotMetrics>();
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<SnapshotStore>(sp, sp.GetRequiredService<IOptions<SnapshotOptions>>().Value, sp.GetRequiredService<SnapshotFolder>().Path));
        builder.Services.AddSingleton<SnapshotWriter>();
        builder.Services.AddSingleton<ISnapshotQueue>(sp => sp.GetRequiredService<SnapshotWriter>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SnapshotWriter>());
        return builder;
    }
}

/// <summary>Where snapshots are written and served from (resolved against agent.json's folder).</summary>
internal sealed record SnapshotFolder(string Path);

/// <summary>Source-generated validator of the snapshot options' DataAnnotations (run by <c>ValidateOnStart</c>).</summary>
[OptionsValidator]
internal sealed partial class SnapshotOptionsValidator : IValidateOptions<SnapshotOptions>;
