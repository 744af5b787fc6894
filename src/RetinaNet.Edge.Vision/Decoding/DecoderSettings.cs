using RetinaNet.Edge.Vision.Anchors;

namespace RetinaNet.Edge.Vision.Decoding;

/// <summary>Post-processing settings; defaults are the paper's (0.05, 1000 per level, NMS 0.5, 100 kept).</summary>
public sealed record DecoderSettings
{
    public OutputLayout Layout { get; init; } = OutputLayout.A;
    public int NumClasses { get; init; } = 80;
    public AnchorSettings Anchors { get; init; } = AnchorSettings.Default;
    public float ScoreThreshold { get; init; } = 0.05f;
    public int TopKPerLevel { get; init; } = 1000;
    public float NmsThreshold { get; init; } = 0.5f;
    public int MaxDetections { get; init; } = 100;
    /// <summary>torchvision clamps dw/dh at log(1000/16).</summary>
    public float BoxDeltaClamp { get; init; } = MathF.Log(1000f / 16f);
    /// <summary>Layout A with the class dimension reduced in the graph (metadata <c>retinanet.class_map = max</c>): per
    /// level a best-class probability map [A, H·W] and its class index map; see <see cref="RawHeadDecoder.AddReducedLevel"/>.</summary>
    public bool ClassReduced { get; init; }
}
