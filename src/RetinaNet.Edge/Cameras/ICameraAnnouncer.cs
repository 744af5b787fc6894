namespace RetinaNet.Edge.Cameras;

/// <summary>Told when a camera starts running and when it is removed — publishing's seam for what belongs to a camera
/// outside its frames (Home Assistant discovery, counters starting at 0; clearing the retained topics).</summary>
internal interface ICameraAnnouncer
{
    void Started(Configuration.CameraOptions camera, IReadOnlyList<string> modelLabels);

    void Removed(Configuration.CameraOptions camera, IReadOnlyList<string> modelLabels);
}
