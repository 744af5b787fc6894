using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Inference;

/// <summary><c>model</c>: the model and label files are regular files of bounded size; a label file names no class twice
/// (which "person" would an event mean?).</summary>
internal sealed class ModelOptionsRules(ConfigSite site) : StageRules<ModelOptions>(site)
{
    public override void Check(ModelOptions model, List<string> problems)
    {
        CheckFile("model.path", model.Path, SafeFile.ModelMaxBytes, problems);
        if (model.Labels is not { } labels || !CheckFile("model.labels", labels, SafeFile.TextMaxBytes, problems)) return;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int line = 0;
        foreach (var raw in File.ReadLines(Site.Resolve(labels)))
        {
            line++;
            var label = raw.Trim();
            if (label.Length == 0) continue;
            if (seen.TryGetValue(label, out int first))
                problems.Add($"{Site.File}: 'model.labels' = {Redaction.Show(labels)}: label {Redaction.Show(label)} on line {line} repeats line {first}");
            else seen[label] = line;
        }
    }
}
