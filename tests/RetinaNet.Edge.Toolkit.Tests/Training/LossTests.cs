using RetinaNet.Edge.Toolkit.Training;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Tests.Training;

[Collection("torch")]
public class LossTests
{
    [Fact]
    public void Focal_HandComputedValues_Match()
    {
        // Logit 0 (p = 0.5), target 1: 0.25 · 0.5² · ln 2 = 0.0433217.
        // Logit 2 (p = 0.8808), target 0: 0.75 · 0.8808² · −ln(1 − 0.8808) = 0.75 · 0.775803 · 2.126928 = 1.237552.
        // Logit −3 (p = 0.0474), target 0: 0.75 · 0.0474259² · −ln(0.952574) = 0.75 · 0.00224922 · 0.0485874 = 0.0000819624.
        float[] logitsValues = [0f, 2f, -3f];
        using var logits = tensor(logitsValues, [1, 3]);
        float[] targetsValues = [1f, 0f, 0f];
        using var targets = tensor(targetsValues, [1, 3]);
        using var valid = ones(1);
        float value = Losses.Focal(logits, targets, valid).item<float>();
        Assert.Equal(0.0433217f + 1.237552f + 0.0000819624f, value, 4);
    }

    [Fact]
    public void Focal_IgnoredAnchor_ContributesNothing()
    {
        float[] logitsValues = [5f, 5f];
        using var logits = tensor(logitsValues, [2, 1]);
        using var targets = zeros(2, 1);
        float[] validValues = [1f, 0f];
        using var valid = tensor(validValues);
        using var both = ones(2);
        float one = Losses.Focal(logits, targets, valid).item<float>();
        float two = Losses.Focal(logits, targets, both).item<float>();
        Assert.Equal(2 * one, two, 4);
        Assert.True(one > 0);
    }

    [Fact]
    public void SmoothL1_BothBranches_MatchHandValues()
    {
        // |0.05| < 0.11 → 0.5 · 0.0025 / 0.11 = 0.0113636; |1| → 1 − 0.055 = 0.945; background anchor ignored.
        float[] predValues = [0.05f, 1f, 0f, 0f, 9f, 9f, 9f, 9f];
        using var pred = tensor(predValues, [2, 4]);
        using var target = zeros(2, 4);
        float[] fgValues = [1f, 0f];
        using var fg = tensor(fgValues);
        Assert.Equal(0.0113636f + 0.945f, Losses.SmoothL1(pred, target, fg).item<float>(), 5);
    }
}
