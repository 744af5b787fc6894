namespace RetinaNet.Edge.Tracking;

/// <summary>Where a camera's tracker starts numbering, so that track ids never repeat across restarts of the agent
/// (the publishing stage persists the highest id it ever published per camera).</summary>
internal interface ITrackIdSeed
{
    int NextTrackId(string camera);
}
