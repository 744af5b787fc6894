using System.ComponentModel.DataAnnotations;

namespace RetinaNet.Edge.Recording;

/// <summary>agent.json <c>recording</c>: event clips — the camera's own video (H.264/H.265 as it arrives, no re-encode)
/// from the keyframe at or before a track's start minus <see cref="PreSeconds"/> until its end plus
/// <see cref="PostSeconds"/>, written as fragmented MP4 while it happens; retention by age, per-camera quota and a disk
/// floor for the whole store. Every key but <c>enabled</c> and <c>folder</c> applies while the agent runs.</summary>
public sealed class RecordingOptions
{
    public bool Enabled { get; set; }
    /// <summary>Folder of the clips (relative to agent.json, or absolute; installed: /var/lib/retinanet-edge/clips).</summary>
    [Required] public string Folder { get; set; } = "clips";
    /// <summary>Seconds before the track started that a clip shows at least (from the keyframe at or before).</summary>
    [Configuration.AppliesLive] [Range(0, 60)] public double PreSeconds { get; set; } = 5;
    /// <summary>Seconds after the last of the clip's tracks ended.</summary>
    [Configuration.AppliesLive] [Range(0, 300)] public double PostSeconds { get; set; } = 5;
    /// <summary>A clip longer than this ends at the next keyframe and the recording goes on in a new file.</summary>
    [Configuration.AppliesLive] [Range(5, 86_400)] public double MaxClipSeconds { get; set; } = 300;
    /// <summary>Record all the time, in files of <see cref="MaxClipSeconds"/> each starting on a keyframe (events still
    /// stamp the file they fall in); the same quota, age and disk floor. Off: event clips only.</summary>
    [Configuration.AppliesLive] public bool Continuous { get; set; }
    /// <summary>Labels that start a clip (empty: every label the camera tracks).</summary>
    [Configuration.AppliesLive] public List<string> Labels { get; set; } = [];
    /// <summary>Zones whose entry starts a clip instead of a new track (empty: a new track starts it).</summary>
    [Configuration.AppliesLive] public List<string> Zones { get; set; } = [];
    [Configuration.AppliesLive] [Range(0.01, 100_000)] public double MaxAgeHours { get; set; } = 72;
    /// <summary>Per-camera byte quota: the camera's oldest clips are deleted beyond it.</summary>
    [Configuration.AppliesLive] [Range(1, 10_000_000)] public double CameraQuotaMegabytes { get; set; } = 2000;
    /// <summary>Free space the store's file system keeps: oldest clips of any camera go first below it.</summary>
    [Configuration.AppliesLive] [Range(0, 10_000_000)] public double DiskFloorMegabytes { get; set; } = 1000;
    /// <summary>How often retention runs.</summary>
    [Configuration.AppliesLive] [Range(1, 3600)] public double SweepSeconds { get; set; } = 10;
}

/// <summary>Source-generated validator of the recording options' DataAnnotations (run by <c>ValidateOnStart</c>).</summary>
[Microsoft.Extensions.Options.OptionsValidator]
internal sealed partial class RecordingOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<RecordingOptions>;
