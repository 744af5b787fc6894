using System.Diagnostics;
using System.Globalization;

namespace RetinaNet.Edge.Configuration;

/// <summary>What <c>validate</c> checks beyond the files' contents, without running the agent: the state and
/// snapshot folders can be written (or created), and a camera that plays a file has a readable video stream
/// (probed by ffprobe, bounded by a timeout).</summary>
internal static class RuntimeChecks
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public static IReadOnlyList<string> Run(AgentConfig config, string agentFile)
    {
        var problems = new List<string>();
        var folders = new List<(string Key, string Value)> { ("stateFolder", config.Agent.StateFolder) };
        if (config.Agent.Snapshots.Enabled) folders.Add(("snapshots.folder", config.Agent.Snapshots.Folder));
        foreach (var (key, value) in folders)
            if (Unwritable(ConfigLoader.Resolve(config.BaseDirectory, value)) is { } why)
                problems.Add($"{agentFile}: '{key}' = {Redaction.Show(value)}: {why}");
        foreach (var camera in config.Cameras)
            if (Camera(camera, config.BaseDirectory) is { } why) problems.Add(why);
        return problems;
    }

    /// <summary>A camera that plays a file: the file must hold a video ffprobe can read (null when it does, or when the
    /// camera is off or a stream or device). Run by <c>validate</c> and by the camera API before a file is written.</summary>
    public static string? Camera(CameraOptions camera, string baseDirectory)
    {
        if (!camera.Enabled || !Capture.FrameSourceFactory.IsFile(camera.Url)) return null;
        var path = camera.Url.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(camera.Url).LocalPath : ConfigLoader.Resolve(baseDirectory, camera.Url);
        return ProbeVideo(path) is { } why ? $"{camera.SourceFile}: 'url' = {Redaction.Show(camera.Url)}: {why}" : null;
    }

    /// <summary>Null when files can be created in <paramref name="folder"/> (or in the nearest existing folder above
    /// it, which the agent would create it in); else why not.</summary>
    public static string? Unwritable(string folder)
    {
        var existing = folder;
        while (!Directory.Exists(existing))
        {
            var parent = Path.GetDirectoryName(existing);
            if (string.IsNullOrEmpty(parent) || parent == existing) return "no existing folder to create it in";
            existing = parent;
        }
        var probe = Path.Combine(existing, $".retinanet-write-check-{Environment.ProcessId}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return existing == folder ? $"not writable ({e.Message})" : $"cannot be created: {existing} is not writable ({e.Message})";
        }
    }

    /// <summary>Null when ffprobe finds a video stream with a size in the file; else why not (ffprobe's words).</summary>
    public static string? ProbeVideo(string path)
    {
        if (!File.Exists(path)) return "file not found";
        var psi = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", path }) psi.ArgumentList.Add(a);
        Process? p;
        try { p = Process.Start(psi); }
        catch (System.ComponentModel.Win32Exception e) { return $"cannot probe the video: ffprobe cannot run (apt-get install ffmpeg): {e.Message}"; }
        if (p is null) return "cannot probe the video: ffprobe did not start";
        using (p)
        {
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(ProbeTimeout))
            {
                p.Kill(entireProcessTree: true);
                return $"not a readable video: ffprobe found nothing within {ProbeTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
            }
            var fields = output.Result.Trim().Split(',');
            if (p.ExitCode == 0 && fields.Length == 3 && int.TryParse(fields[1], CultureInfo.InvariantCulture, out int w) && w > 0) return null;
            var said = error.Result.Trim().Split('\n').LastOrDefault(l => l.Length > 0);
            return $"not a readable video{(said is null ? " (no video stream)" : $": {Redaction.Truncate(said.Replace(path, Path.GetFileName(path), StringComparison.Ordinal))}")}";
        }
    }
}
