namespace RetinaNet.Edge.Recording;

/// <summary>Where clips are stored (resolved against agent.json's folder): one folder per camera, the clip and its
/// boxes beside it.</summary>
internal sealed record ClipFolder(string Path)
{
    public string Of(ClipInfo clip) => System.IO.Path.Combine(Path, clip.Camera, clip.File);

    public string Sidecar(ClipInfo clip) => System.IO.Path.ChangeExtension(Of(clip), ".boxes.jsonl");
}
