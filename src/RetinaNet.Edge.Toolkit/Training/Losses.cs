using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Training;

/// <summary>The training losses: sigmoid focal loss for classes, smooth-L1 for boxes (ODTK's β = 0.11).
/// Both return sums; the caller divides by the number of foreground anchors.</summary>
internal static class Losses
{
    /// <summary>FL = −α_t (1 − p_t)^γ log p_t summed over all classes of the anchors where <paramref name="valid"/> is 1.
    /// <paramref name="logits"/> and <paramref name="targets"/> (one-hot, 0/1) are [..., K]; <paramref name="valid"/> is [...].</summary>
    public static Tensor Focal(Tensor logits, Tensor targets, Tensor valid, float alpha = 0.25f, float gamma = 2f)
    {
        using var scope = NewDisposeScope();
        var p = logits.sigmoid();
        var ce = nn.functional.binary_cross_entropy_with_logits(logits, targets, reduction: nn.Reduction.None);
        var pt = p * targets + (1 - p) * (1 - targets);
        var alphaT = targets * alpha + (1 - targets) * (1 - alpha);
        var loss = alphaT * (1 - pt).pow(gamma) * ce;
        return (loss * valid.unsqueeze(-1)).sum().MoveToOuterDisposeScope();
    }

    /// <summary>Σ smoothL1(pred − target) over the anchors where <paramref name="foreground"/> is 1; shapes [..., 4] and [...].</summary>
    public static Tensor SmoothL1(Tensor predicted, Tensor targets, Tensor foreground, float beta = 0.11f)
    {
        using var scope = NewDisposeScope();
        var diff = (predicted - targets).abs();
        var loss = where(diff < beta, 0.5f * diff * diff / beta, diff - 0.5f * beta);
        return (loss * foreground.unsqueeze(-1)).sum().MoveToOuterDisposeScope();
    }
}
