using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Cameras;

/// <summary>What one reload of the camera files changed. <see cref="Started"/> and <see cref="Stopped"/> count
/// running cameras: enabling a camera starts it, disabling stops it.</summary>
internal sealed record CatalogChange(
    IReadOnlyList<CameraOptions> Started,
    IReadOnlyList<CameraOptions> Stopped,
    IReadOnlyList<(CameraOptions Old, CameraOptions New)> Changed,
    IReadOnlyDictionary<string, string> NewProblems,
    IReadOnlyList<string> ProblemsCleared)
{
    public bool IsEmpty => Started.Count == 0 && Stopped.Count == 0 && Changed.Count == 0 && NewProblems.Count == 0 && ProblemsCleared.Count == 0;

    public static CatalogChange Between(IReadOnlyDictionary<string, CameraOptions> before, IReadOnlyDictionary<string, CameraOptions> after,
        IReadOnlyDictionary<string, string> problemsBefore, IReadOnlyDictionary<string, string> problemsAfter)
    {
        static bool Runs(IReadOnlyDictionary<string, CameraOptions> set, string name) => set.TryGetValue(name, out var c) && c.Enabled;
        var started = after.Values.Where(c => c.Enabled && !Runs(before, c.Name)).ToList();
        var stopped = before.Values.Where(c => c.Enabled && !Runs(after, c.Name)).ToList();
        var changed = after.Values.Where(c => c.Enabled && Runs(before, c.Name) && !CameraDiff.Same(before[c.Name], c)).Select(c => (before[c.Name], c)).ToList();
        var newProblems = problemsAfter.Where(p => !problemsBefore.TryGetValue(p.Key, out var was) || was != p.Value).ToDictionary(p => p.Key, p => p.Value);
        var cleared = problemsBefore.Keys.Where(k => !problemsAfter.ContainsKey(k)).ToList();
        return new CatalogChange(started, stopped, changed, newProblems, cleared);
    }
}
