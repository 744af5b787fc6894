namespace RetinaNet.Edge.Testing;

internal static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string DemoModel => Path.Combine(Root, "models", "retinanet-edge-demo.onnx");

    /// <summary>This test process's scratch root, deleted when the process exits: a run leaves gigabytes otherwise
    /// (imported ResNet checkpoints, clips, a self-contained stage), and a CI machine's disk may be nearly full.</summary>
    private static readonly Lazy<string> RunRoot = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "retinanet-edge-tests", $"run-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove(root);
        return root;
    });

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RetinaNet.Edge.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (RetinaNet.Edge.sln) not found above " + AppContext.BaseDirectory);
    }

    public static string TempFolder(string name)
    {
        var path = Path.Combine(RunRoot.Value, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes a scratch folder now (tests that write hundreds of megabytes), best effort: a child process
    /// that still holds a file must not fail a test that passed.</summary>
    public static void Remove(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
