namespace RetinaNet.Edge.Vision.Synthetic;

/// <summary>Settings of a synthetic video sequence.</summary>
public sealed record VideoSettings
{
    public int Width { get; init; } = 640;
    public int Height { get; init; } = 360;
    public double Fps { get; init; } = 15;
    public double Seconds { get; init; } = 20;
    /// <summary>Objects on screen at once, on average.</summary>
    public int Concurrent { get; init; } = 4;
    public float MinSize { get; init; } = 40;
    public float MaxSize { get; init; } = 100;
    public float MinSpeed { get; init; } = 25;
    public float MaxSpeed { get; init; } = 90;
}
