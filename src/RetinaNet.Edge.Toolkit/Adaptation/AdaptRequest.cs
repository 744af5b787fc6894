using RetinaNet.Edge.Toolkit.Labelling;

namespace RetinaNet.Edge.Toolkit.Adaptation;

/// <summary>What <c>adapt</c> is asked: a recording (or a stream and how long to record it), the model to start
/// from (a float ONNX exported by the toolkit), the teacher, the output folder and the training budget.</summary>
internal sealed record AdaptRequest
{
    public string? Video { get; init; }
    public string? Stream { get; init; }
    public double Minutes { get; init; } = 1;
    public required string BaseModel { get; init; }
    public required string Teacher { get; init; }
    public required string Output { get; init; }
    /// <summary>Share of the recording held out at its end for evaluation (never trained on).</summary>
    public double Holdout { get; init; } = 0.3;
    /// <summary>Training images at most (frames are sampled evenly from the training stretch).</summary>
    public int MaxImages { get; init; } = 300;
    public int Epochs { get; init; } = 4;
    public int BatchSize { get; init; } = 4;
    public double LearningRate { get; init; } = 0.005;
    public int CalibrationImages { get; init; } = 64;
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>Stop training after this many iterations (0: the epochs decide); smoke tests only.</summary>
    public int MaxIterations { get; init; }
    public PersistenceSettings Filter { get; init; } = new();
}
