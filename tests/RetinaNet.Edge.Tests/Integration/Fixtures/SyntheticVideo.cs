using RetinaNet.Edge.Vision.Geometry;
using RetinaNet.Edge.Vision.Synthetic;

namespace RetinaNet.Edge.Tests.Integration.Fixtures;

/// <summary>A synthetic video with MOTChallenge ground truth, made once per test run by the model toolkit's generator.</summary>
public sealed class SyntheticVideo
{
    public SyntheticVideo()
    {
        Folder = RepoPaths.TempFolder("video");
        Path = new VideoGenerator(new VideoSettings { Seconds = 16, Fps = 15, Concurrent = 3 }).Write(Folder, seed: 21);
        GroundTruth = VideoGenerator.ReadGroundTruth(System.IO.Path.Combine(Folder, "gt", "gt.txt"));
        var source = Path;
        h264 = new(() => MakeH264(source), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private static string MakeH264(string source)
    {
        var clip = System.IO.Path.Combine(RepoPaths.TempFolder("video-h264"), "clip.mp4");
        ExternalTool.Run("ffmpeg", "-loglevel", "error", "-y", "-i", source, "-c:v", "libx264", "-preset", "veryfast", "-g", "15", "-pix_fmt", "yuv420p", clip);
        return clip;
    }

    public string Folder { get; }
    public string Path { get; }
    public const int Frames = 16 * 15;

    /// <summary>The same clip as a camera would send it: H.264 with B-frames and a keyframe a second (made once).</summary>
    public string H264 => h264.Value;
    private readonly Lazy<string> h264;
    public IReadOnlyDictionary<int, List<(int Id, int ClassId, BoxF Box, float Visibility)>> GroundTruth { get; }
}

[CollectionDefinition("integration")]
public sealed class IntegrationGroup : ICollectionFixture<SyntheticVideo>;

/// <summary>Tests whose figures depend on time passing as it does for a live camera or a viewer (live RTSP accuracy,
/// boxes in step with the shown frame, latency): run alone, after the parallel collections, so that other tests do not
/// take their cores.</summary>
[CollectionDefinition("timing", DisableParallelization = true)]
public sealed class TimingGroup : ICollectionFixture<SyntheticVideo>;
