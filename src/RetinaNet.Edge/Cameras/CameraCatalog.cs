using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Cameras;

/// <summary>The cameras the files in <c>camerasFolder</c> describe now, and what is wrong with the ones that do not
/// load. Reloading reads every file again (strict JSON, validators, camera rules, the model's labels): a file that
/// fails keeps its camera as it was last accepted (or, for a new file, keeps it out) and its problem is kept until the
/// file is fixed or removed. The files stay the one source of truth: a restart gives the same state.</summary>
internal sealed class CameraCatalog
{
    private readonly object _gate = new();
    private readonly string _baseDirectory;
    private readonly IReadOnlyList<string> _modelLabels;
    private Dictionary<string, CameraOptions> _cameras;
    private Dictionary<string, string> _problems = [];

    public CameraCatalog(LoadedCameras loaded, AgentPaths paths, IReadOnlyList<string> modelLabels)
    {
        _baseDirectory = paths.BaseDirectory;
        _modelLabels = modelLabels;
        Folder = paths.CamerasFolder;
        _cameras = loaded.Cameras.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>The folder of camera files.</summary>
    public string Folder { get; }

    /// <summary>Raised after a reload that changed anything (cameras or problems), outside the catalog's lock.</summary>
    public event Action<CatalogChange>? Changed;

    /// <summary>Every accepted camera, enabled or not.</summary>
    public IReadOnlyList<CameraOptions> Cameras { get { lock (_gate) return [.. _cameras.Values.OrderBy(c => c.Name, StringComparer.Ordinal)]; } }

    /// <summary>A camera's problem (keyed by its name, or by its file's name when the file does not say).</summary>
    public IReadOnlyDictionary<string, string> Problems { get { lock (_gate) return new Dictionary<string, string>(_problems); } }

    /// <summary>An enabled camera by name, or null.</summary>
    public CameraOptions? Find(string name)
    {
        lock (_gate) return _cameras.TryGetValue(name, out var c) && c.Enabled ? c : null;
    }

    /// <summary>Checks a camera document as the loader would check the file <paramref name="file"/> (the camera API's
    /// validate-only path and the check before it writes), then probes a file camera's video as <c>validate</c> does:
    /// a file that is no video is refused here instead of being retried forever once written.</summary>
    public (CameraOptions? Camera, IReadOnlyList<string> Problems) Check(string json, string file)
    {
        var (cam, problems) = CameraFiles.Parse(json, file, _baseDirectory);
        if (cam is null || problems.Count > 0) return (null, problems);
        var labels = ConfigRules.Labels(cam, _modelLabels);
        if (labels.Count > 0) return (null, labels);
        return RuntimeChecks.Camera(cam, _baseDirectory) is { } notVideo ? (null, [notVideo]) : (cam, problems);
    }

    /// <summary>Reads the folder again and applies what changed.</summary>
    public CatalogChange Reload()
    {
        CatalogChange change;
        lock (_gate)
        {
            var byFile = _cameras.Values.ToDictionary(c => c.SourceFile, StringComparer.Ordinal);
            var next = new Dictionary<string, CameraOptions>(StringComparer.Ordinal);
            var problems = new Dictionary<string, string>(StringComparer.Ordinal);
            var failed = new List<(string File, IReadOnlyList<string> Problems)>();
            foreach (var file in CameraFiles.In(Folder))
            {
                var (cam, mine) = CameraFiles.Load(file, _baseDirectory);
                if (cam is null || mine.Count > 0) { failed.Add((file, mine)); continue; }
                if (ConfigRules.Labels(cam, _modelLabels) is { Count: > 0 } unknown) { failed.Add((file, unknown)); continue; }
                if (next.TryGetValue(cam.Name, out var other))
                {
                    failed.Add((file, [$"{file}: 'name' = {Redaction.Show(cam.Name)}: {other.SourceFile} already uses this name"]));
                    continue;
                }
                next[cam.Name] = cam;
            }
            foreach (var (file, mine) in failed)
            {
                // A broken file keeps its camera as it was last accepted, unless another file now holds that name.
                var key = byFile.TryGetValue(file, out var old) ? old.Name : Path.GetFileNameWithoutExtension(file);
                if (old is not null && next.TryAdd(old.Name, old)) { }
                problems[key] = string.Join("; ", mine);
            }
            change = CatalogChange.Between(_cameras, next, _problems, problems);
            _cameras = next;
            _problems = problems;
        }
        if (!change.IsEmpty) Changed?.Invoke(change);
        return change;
    }
}
