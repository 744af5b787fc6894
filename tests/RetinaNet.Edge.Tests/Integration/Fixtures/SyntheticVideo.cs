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
    }

    public string Folder { get; }
    public string Path { get; }
    public const int Frames = 16 * 15;
    public IReadOnlyDictionary<int, List<(int Id, int ClassId, BoxF Box, float Visibility)>> GroundTruth { get; }
}

[CollectionDefinition("integration")]
public sealed class IntegrationGroup : ICollectionFixture<SyntheticVideo>;
