using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Snapshots;

/// <summary><c>snapshots</c>: the folder is a folder (or is created).</summary>
internal sealed class SnapshotOptionsRules(ConfigSite site) : StageRules<SnapshotOptions>(site)
{
    public override void Check(SnapshotOptions snapshots, List<string> problems) => CheckFolder("snapshots.folder", snapshots.Folder, problems);
}
