using System.Text.Json;
using RetinaNet.Edge.Toolkit.Model;
using TorchSharp;

namespace RetinaNet.Edge.Toolkit.Training;

/// <summary>A resumable training state in a folder: <c>model.bin</c> (weights), <c>optimizer.bin</c> (momentum
/// buffers), <c>config.json</c> (architecture), <c>state.json</c> (iteration, epoch, seed, classes, metrics).</summary>
internal sealed record CheckpointState(int Iteration, int Epoch, int Seed, string[] ClassNames, double? ValAp50, double? ValAp);

internal static class Checkpoint
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Save(string folder, RetinaNetModel model, TorchSharp.Modules.OptimizerHelper? optimizer, CheckpointState state)
    {
        var tmp = folder + ".tmp";
        if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
        Directory.CreateDirectory(tmp);
        model.save(Path.Combine(tmp, "model.bin"));
        if (optimizer is not null) optimizer.save_state_dict(Path.Combine(tmp, "optimizer.bin"));
        File.WriteAllText(Path.Combine(tmp, "config.json"), model.Config.ToJson());
        File.WriteAllText(Path.Combine(tmp, "state.json"), JsonSerializer.Serialize(state, Json));
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
        Directory.Move(tmp, folder); // a crash mid-save never leaves a half-written checkpoint in place
    }

    public static (RetinaNetModel Model, CheckpointState State) Load(string folder)
    {
        var configPath = Path.Combine(folder, "config.json");
        if (!File.Exists(configPath)) throw new FileNotFoundException($"not a checkpoint folder (no config.json): {folder}");
        var config = RetinaNetConfig.FromJson(File.ReadAllText(configPath));
        var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(folder, "state.json")))
            ?? throw new InvalidDataException($"{folder}/state.json is empty");
        var model = new RetinaNetModel(config);
        model.load(Path.Combine(folder, "model.bin"));
        return (model, state);
    }

    public static void LoadOptimizer(string folder, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        var path = Path.Combine(folder, "optimizer.bin");
        if (File.Exists(path)) optimizer.load_state_dict(path);
    }
}
