namespace RetinaNet.Edge.Hosting;

/// <summary>Files shipped in the repository (models, tools) found from a built program: looked for above the working
/// folder and above the program's folder. Shared by the agent and the toolkit (the toolkit compiles this file too).</summary>
internal static class RepositoryFiles
{
    /// <summary>The repository file <paramref name="relative"/>, or null when neither folder lies inside a checkout.</summary>
    public static string? Find(string relative)
    {
        foreach (var dir in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(dir); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, relative))) return Path.Combine(d.FullName, relative);
        return null;
    }
}
