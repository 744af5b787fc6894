namespace RetinaNet.Edge.Testing;

internal static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string DemoModel => Path.Combine(Root, "models", "retinanet-edge-demo.onnx");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RetinaNet.Edge.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (RetinaNet.Edge.sln) not found above " + AppContext.BaseDirectory);
    }

    public static string TempFolder(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "retinanet-edge-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
