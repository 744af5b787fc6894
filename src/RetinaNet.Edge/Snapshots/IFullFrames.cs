namespace RetinaNet.Edge.Snapshots;

/// <summary>A camera's frame at its full resolution, for a snapshot (the seam between the snapshot writer and the live
/// view, which keeps the camera's compressed video of the last GOPs): decoded on demand, once per snapshot, so that no
/// frame is converted at full size for nothing.</summary>
internal interface IFullFrames
{
    /// <summary>The frame presented at <paramref name="pts"/> as BGR at the camera's resolution, or null (no remuxed
    /// video for this camera, the frame already gone from the kept GOPs, a decoding failure).</summary>
    OpenCvSharp.Mat? Decode(string camera, double pts);
}
