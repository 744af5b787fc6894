using System.Text.RegularExpressions;
using RetinaNet.Edge.Toolkit.Model;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Import;

/// <summary>Initializes the toolkit's RetinaNet (preset <c>torchvision-resnet50-fpn</c>) from torchvision's
/// <c>retinanet_resnet50_fpn</c> state dict: every parameter and BatchNorm buffer is mapped by name and shape, and
/// anything left unmapped on either side is an error, so an import is complete or refused.</summary>
internal static partial class TorchvisionImporter
{
    /// <summary>torchvision's name → this toolkit's name (null for tensors the toolkit does not have).</summary>
    public static string? MapName(string torchvision)
    {
        var m = BodyBlock().Match(torchvision);
        if (m.Success)
        {
            string stage = (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string prefix = $"backbone.stages.{stage}.{m.Groups[2].Value}.";
            string rest = m.Groups[3].Value;
            if (ConvOrBn().Match(rest) is { Success: true } c)
            {
                int i = int.Parse(c.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) - 1;
                return prefix + $"convs.{i}." + (c.Groups[1].Value == "conv" ? "conv." : "bn.") + c.Groups[3].Value;
            }
            if (rest.StartsWith("downsample.0.", StringComparison.Ordinal)) return prefix + "downsample.conv." + rest["downsample.0.".Length..];
            if (rest.StartsWith("downsample.1.", StringComparison.Ordinal)) return prefix + "downsample.bn." + rest["downsample.1.".Length..];
            return null;
        }
        if (torchvision.StartsWith("backbone.body.conv1.", StringComparison.Ordinal)) return "backbone.stem.conv." + torchvision["backbone.body.conv1.".Length..];
        if (torchvision.StartsWith("backbone.body.bn1.", StringComparison.Ordinal)) return "backbone.stem.bn." + torchvision["backbone.body.bn1.".Length..];
        if (Fpn().Match(torchvision) is { Success: true } f)
            return $"fpn.{(f.Groups[1].Value == "inner" ? "lateral" : "smooth")}{int.Parse(f.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) + 3}.{f.Groups[3].Value}";
        if (torchvision.StartsWith("backbone.fpn.extra_blocks.", StringComparison.Ordinal)) return "fpn." + torchvision["backbone.fpn.extra_blocks.".Length..];
        if (Head().Match(torchvision) is { Success: true } h)
        {
            string head = h.Groups[1].Value == "classification" ? "cls_head" : "box_head";
            return h.Groups[2].Success ? $"{head}.tower.{h.Groups[2].Value}.{h.Groups[3].Value}" : $"{head}.output.{h.Groups[5].Value}";
        }
        return null;
    }

    /// <summary>Copies <paramref name="weights"/> into <paramref name="model"/>; returns how many tensors were set.</summary>
    public static int Load(RetinaNetModel model, SafeTensors weights)
    {
        var targets = model.state_dict();
        var unmapped = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using (no_grad())
        {
            foreach (var (name, (shape, data)) in weights.Tensors)
            {
                var target = MapName(name);
                if (target is null || !targets.TryGetValue(target, out var t)) { unmapped.Add(name); continue; }
                if (!t.shape.SequenceEqual(shape))
                    throw new InvalidDataException($"{name} has shape [{string.Join(",", shape)}], the toolkit's {target} is [{string.Join(",", t.shape)}]");
                using var source = tensor(data, shape);
                t.copy_(source);
                seen.Add(target);
            }
        }
        var missing = targets.Keys.Where(k => !seen.Contains(k)).ToList();
        if (unmapped.Count > 0 || missing.Count > 0)
            throw new InvalidDataException($"weights do not fit the torchvision-resnet50-fpn preset: {unmapped.Count} unmapped ({string.Join(", ", unmapped.Take(5))}), " +
                $"{missing.Count} not set ({string.Join(", ", missing.Take(5))}); only torchvision's retinanet_resnet50_fpn (v1) is supported");
        return seen.Count;
    }

    [GeneratedRegex(@"^backbone\.body\.layer(\d)\.(\d+)\.(.+)$")]
    private static partial Regex BodyBlock();

    [GeneratedRegex(@"^(conv|bn)(\d)\.(.+)$")]
    private static partial Regex ConvOrBn();

    [GeneratedRegex(@"^backbone\.fpn\.(inner|layer)_blocks\.(\d)\.0\.(weight|bias)$")]
    private static partial Regex Fpn();

    [GeneratedRegex(@"^head\.(classification|regression)_head\.(?:conv\.(\d)\.0\.(weight|bias)|(cls_logits|bbox_reg)\.(weight|bias))$")]
    private static partial Regex Head();
}
