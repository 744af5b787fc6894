using RetinaNet.Edge.Toolkit.Model;
using RetinaNet.Edge.Toolkit.Training;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>retinanet-toolkit train</c>: focal-loss training with resumable checkpoints.</summary>
internal static class TrainCommand
{
    public static int Run(TrainArgs v)
    {
        // A fine-tune or resume keeps its checkpoint's network and size unless --size is given.
        RetinaNetConfig? config = v.Options.Init is null && v.Options.Resume is null ? RetinaNetConfig.Preset(v.Preset) : null;
        if (v.Size is { } size) config = (config ?? RetinaNetConfig.Preset(v.Preset)) with { InputWidth = size.Width, InputHeight = size.Height };
        var result = new Trainer(v.Options, Console.Error).Run(config);
        Console.WriteLine($"trained {result.Iterations} iterations in {result.Seconds:F0} s; loss {result.FirstLoss:F4} → {result.FinalLoss:F4}; " +
                          $"val AP50 {result.ValAp50?.ToString("F4") ?? "n/a"} AP {result.ValAp?.ToString("F4") ?? "n/a"}; checkpoint {result.CheckpointFolder}");
        return 0;
    }
}
