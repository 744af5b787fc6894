using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Recording;

/// <summary><c>recording</c>: the clip store is a folder (or is created).</summary>
internal sealed class RecordingOptionsRules(ConfigSite site) : StageRules<RecordingOptions>(site)
{
    public override void Check(RecordingOptions recording, List<string> problems) => CheckFolder("recording.folder", recording.Folder, problems);
}
