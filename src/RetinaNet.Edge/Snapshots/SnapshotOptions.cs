using System.ComponentModel.DataAnnotations;

namespace RetinaNet.Edge.Snapshots;

/// <summary>Snapshots of events worth keeping (a new track, a markedly better score): the full frame with the box
/// drawn and a crop, as JPEG under the state folder, with retention by count, age and total size.</summary>
public sealed class SnapshotOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>Folder (relative to agent.json, or absolute; the service uses /var/lib/retinanet-edge/snapshots).</summary>
    [Required] public string Folder { get; set; } = "snapshots";
    [Range(1, 10_000_000)] public int MaxCount { get; set; } = 2000;
    [Range(0.01, 100_000)] public double MaxAgeHours { get; set; } = 72;
    [Range(1, 1_000_000)] public double MaxMegabytes { get; set; } = 500;
    [Range(10, 100)] public int JpegQuality { get; set; } = 85;
    /// <summary>Also publish the crop as a binary MQTT payload on PREFIX/cameras/CAM/snapshot (retained).</summary>
    public bool Mqtt { get; set; }
}
