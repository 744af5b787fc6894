using Microsoft.ML.OnnxRuntime;

namespace RetinaNet.Edge.Inference;

/// <summary>One run of the model on the normalized mean image (all zeros after normalization) to see what its class
/// outputs hold: values all in [0, 1] are probabilities (layout A), anything outside is logits (layout B; a trained or
/// freshly initialised RetinaNet's background logits sit near −4.6).</summary>
internal static class LayoutProbe
{
    public static (float Min, float Max) ClassOutputRange(InferenceSession session, string inputName, int height, int width, string classOutput)
    {
        var data = new float[3 * height * width];
        using var input = OrtValue.CreateTensorValueFromMemory(data, [1, 3, height, width]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, [inputName], [input], [classOutput]);
        var values = outputs[0].GetTensorDataAsSpan<float>();
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in values)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return (min, max);
    }
}
