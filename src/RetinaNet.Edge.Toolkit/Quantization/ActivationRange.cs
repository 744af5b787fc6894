namespace RetinaNet.Edge.Toolkit.Quantization;

/// <summary>A calibrated activation range and its uint8 parameters: scale = (max − min) / 255 with min ≤ 0 ≤ max, zero
/// point = round(−min / scale) (0 for a post-Relu tensor, so ONNX Runtime can drop the Relu).</summary>
internal readonly record struct ActivationRange(float Min, float Max)
{
    public float Scale => Math.Max(Max - Math.Min(Min, 0), 1e-8f) / 255f;

    public byte ZeroPoint => (byte)Math.Clamp(MathF.Round(-Math.Min(Min, 0) / Scale), 0, 255);
}
