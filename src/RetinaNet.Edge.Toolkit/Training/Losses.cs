using TorchSharp;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Training;

/// <summary>The training losses: sigmoid focal loss for classes, smooth-L1 for boxes (ODTK's β = 0.11).
/// Both return sums; the caller divides by the number of foreground anchors. Every scalar operand is an explicit,
/// referenced <see cref="Scalar"/> (see <see cref="Scalars"/>).</summary>
internal static class Losses
{
    /// <summary>FL = −α_t (1 − p_t)^γ log p_t summed over all classes of the anchors where <paramref name="valid"/> is 1.
    /// <paramref name="logits"/> and <paramref name="targets"/> (one-hot, 0/1) are [..., K]; <paramref name="valid"/> is [...].</summary>
    public static Tensor Focal(Tensor logits, Tensor targets, Tensor valid, float alpha = 0.25f, float gamma = 2f)
    {
        var one = Scalars.One;
        using var gammaS = ((double)gamma).ToScalar();
        using var slope = (2.0 * alpha - 1).ToScalar();
        using var offset = (1.0 - alpha).ToScalar();
        using var scope = NewDisposeScope();
        var p = logits.sigmoid();
        var ce = nn.functional.binary_cross_entropy_with_logits(logits, targets, reduction: nn.Reduction.None);
        var modulator = targets.sub(p).abs_().pow_(gammaS);          // (1 − p_t)^γ, since t ∈ {0, 1}
        var alphaT = targets.mul(slope).add_(offset, one);                // α t + (1 − α)(1 − t)
        var loss = alphaT.mul_(modulator).mul_(ce).mul_(valid.unsqueeze(-1));
        var result = loss.sum().MoveToOuterDisposeScope();
        GC.KeepAlive(one);
        return result;
    }

    /// <summary>Σ smoothL1(pred − target) over the anchors where <paramref name="foreground"/> is 1; shapes [..., 4] and [...].</summary>
    public static Tensor SmoothL1(Tensor predicted, Tensor targets, Tensor foreground, float beta = 0.11f)
    {
        var one = Scalars.One;
        using var betaS = ((double)beta).ToScalar();
        using var halfOverBeta = (0.5 / beta).ToScalar();
        using var minusHalfBeta = (-0.5 * beta).ToScalar();
        using var scope = NewDisposeScope();
        var diff = predicted.sub(targets).abs_();
        var quadratic = diff.mul(diff).mul_(halfOverBeta);
        var linear = diff.add(minusHalfBeta, one);
        var loss = where(diff.lt(betaS), quadratic, linear).mul_(foreground.unsqueeze(-1));
        var result = loss.sum().MoveToOuterDisposeScope();
        GC.KeepAlive(one);
        return result;
    }
}
