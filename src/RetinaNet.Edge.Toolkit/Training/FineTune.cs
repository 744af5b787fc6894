using RetinaNet.Edge.Toolkit.Model;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Training;

/// <summary>Start of a fine-tuning run: a checkpoint's network and weights; when the data has another class count,
/// the last class convolution is replaced by a fresh one (weights N(0, 0.01), the focal-loss prior bias), as ODTK's
/// fine-tuning does with <c>cls_head.8</c>.</summary>
internal static class FineTune
{
    public static RetinaNetModel From(string checkpoint, int numClasses, RetinaNetConfig? requested, TextWriter log)
    {
        var (source, state) = Checkpoint.Load(checkpoint);
        var config = source.Config with
        {
            NumClasses = numClasses,
            InputWidth = requested?.InputWidth ?? source.Config.InputWidth,
            InputHeight = requested?.InputHeight ?? source.Config.InputHeight,
        };
        if (numClasses == source.Config.NumClasses && config == source.Config)
        {
            log.WriteLine($"fine-tuning {checkpoint} (iteration {state.Iteration}) with its {numClasses} classes");
            return source;
        }
        var model = new RetinaNetModel(config);
        var from = source.state_dict();
        int copied = 0;
        using (no_grad())
        {
            foreach (var (name, target) in model.state_dict())
            {
                if (name.StartsWith("cls_head.output.", StringComparison.Ordinal) && numClasses != source.Config.NumClasses) continue;
                target.copy_(from[name]);
                copied++;
            }
        }
        source.Dispose();
        log.WriteLine($"fine-tuning {checkpoint}: {copied} tensors copied; class output reset for {numClasses} classes (was {state.ClassNames.Length})");
        return model;
    }
}
