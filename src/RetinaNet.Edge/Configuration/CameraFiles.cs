namespace RetinaNet.Edge.Configuration;

/// <summary>One camera file, loaded and checked on its own (at start for each file, and again whenever the folder
/// changes or the camera API writes one): the strict JSON rules, the options' validators and the camera rules.</summary>
public static class CameraFiles
{
    /// <summary>The camera of <paramref name="file"/> (null when it cannot be read as one) and what is wrong with it;
    /// a camera with problems is not to be run.</summary>
    public static (CameraOptions? Camera, IReadOnlyList<string> Problems) Load(string file, string baseDir)
    {
        var problems = new List<string>();
        var cam = ConfigLoader.Read<CameraOptions>(file, problems);
        return Check(cam, file, baseDir, problems);
    }

    /// <summary>A camera document not yet on disk (the camera API's body), checked as if it were <paramref name="file"/>.</summary>
    public static (CameraOptions? Camera, IReadOnlyList<string> Problems) Parse(string json, string file, string baseDir)
    {
        var problems = new List<string>();
        var cam = ConfigLoader.Parse<CameraOptions>(json, file, problems);
        return Check(cam, file, baseDir, problems);
    }

    /// <summary>Camera files in a folder: <c>*.json</c>, not hidden (an editor's or the API's temporary file starts
    /// with a dot), in name order.</summary>
    public static string[] In(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, "*.json").Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>Files that look meant as camera files but are not read as such: <c>.json</c> in another case
    /// (<c>door.JSON</c>) — Linux names are case-sensitive and only <c>*.json</c> is a camera file.</summary>
    public static string[] Misnamed(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder).Where(f => Path.GetExtension(f) is { } e && e.Equals(".json", StringComparison.OrdinalIgnoreCase) && e != ".json").Order(StringComparer.Ordinal)]
            : [];

    private static (CameraOptions?, IReadOnlyList<string>) Check(CameraOptions? cam, string file, string baseDir, List<string> problems)
    {
        if (cam is null) return (null, problems);
        cam.SourceFile = file;
        OptionsValidation.Validate(cam, file, "", problems);
        ConfigRules.Camera(cam, file, baseDir, problems);
        return (cam, problems);
    }
}
