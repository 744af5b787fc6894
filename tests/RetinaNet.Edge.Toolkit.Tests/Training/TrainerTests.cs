using RetinaNet.Edge.Toolkit.Model;
using RetinaNet.Edge.Toolkit.Training;
using RetinaNet.Edge.Vision.Synthetic;

namespace RetinaNet.Edge.Toolkit.Tests.Training;

[Collection("torch")]
public class TrainerTests
{
    [Fact]
    public void Run_TinySyntheticSet_LossFallsAndCheckpointResumes()
    {
        var folder = RepoPaths.TempFolder("train");
        SyntheticDataset.Write(Path.Combine(folder, "data"), 16, seed: 7, new SceneSettings { Width = 128, Height = 128, MinSize = 16, MaxObjects = 3 });
        var config = RetinaNetConfig.Preset("edge-tiny") with { InputWidth = 128, InputHeight = 128 };
        var options = new TrainOptions
        {
            TrainAnnotations = Path.Combine(folder, "data", "annotations.json"),
            ValAnnotations = Path.Combine(folder, "data", "annotations.json"),
            OutputDirectory = Path.Combine(folder, "out"),
            Epochs = 30, BatchSize = 8, WarmupIterations = 5, Seed = 3, Milestones = [],
        };
        var result = new Trainer(options, TextWriter.Null).Run(config);

        Assert.Equal(60, result.Iterations);
        Assert.True(result.FinalLoss < 0.8 * result.FirstLoss, $"loss {result.FirstLoss} → {result.FinalLoss}");
        Assert.NotNull(result.ValAp50);
        Assert.True(File.Exists(Path.Combine(folder, "out", "last", "model.bin")));

        var resumed = new Trainer(options with { Epochs = 31, Resume = Path.Combine(folder, "out", "last") }, TextWriter.Null).Run(null);
        Assert.Equal(62, resumed.Iterations);
    }

    [Fact]
    public void Run_SameSeed_SameLoss()
    {
        var folder = RepoPaths.TempFolder("determinism");
        SyntheticDataset.Write(Path.Combine(folder, "data"), 8, seed: 11, new SceneSettings { Width = 128, Height = 128, MaxObjects = 3 });
        var config = RetinaNetConfig.Preset("edge-tiny") with { InputWidth = 128, InputHeight = 128 };
        TrainOptions Options(string o) => new()
        {
            TrainAnnotations = Path.Combine(folder, "data", "annotations.json"), OutputDirectory = Path.Combine(folder, o),
            Epochs = 4, BatchSize = 4, WarmupIterations = 2, Seed = 5,
        };
        var a = new Trainer(Options("a"), TextWriter.Null).Run(config);
        var b = new Trainer(Options("b"), TextWriter.Null).Run(config);
        Assert.Equal(a.FinalLoss, b.FinalLoss);
    }
}
