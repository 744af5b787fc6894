namespace RetinaNet.Edge.Toolkit.Training;

/// <summary>Training settings. Defaults follow the paper (SGD, momentum 0.9, weight decay 1e-4, lr ÷10 at 2/3 and 8/9
/// of the run, linear warm-up, horizontal flip only).</summary>
internal sealed record TrainOptions
{
    public required string TrainAnnotations { get; init; }
    public string? ValAnnotations { get; init; }
    public required string OutputDirectory { get; init; }
    public int Epochs { get; init; } = 12;
    public int BatchSize { get; init; } = 8;
    public double LearningRate { get; init; } = 0.01;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 1e-4;
    public int WarmupIterations { get; init; } = 300;
    public double WarmupFactor { get; init; } = 0.001;
    public double[] Milestones { get; init; } = [2.0 / 3, 8.0 / 9];
    /// <summary>Gradient-norm clip (0: off). Not in the paper; it keeps small-batch training from scratch stable.</summary>
    public double ClipGradNorm { get; init; } = 10;
    public bool HorizontalFlip { get; init; } = true;
    public int Seed { get; init; } = 1;
    public int Threads { get; init; } = Environment.ProcessorCount;
    public string? Resume { get; init; }
    /// <summary>Fine-tune: start from this checkpoint's weights (e.g. an imported torchvision model) at iteration 0;
    /// when its class count differs from the data's, the last class convolution starts afresh.</summary>
    public string? Init { get; init; }
    /// <summary>Stop after this many iterations in total (0: run all epochs); for smoke tests.</summary>
    public int MaxIterations { get; init; }
}
