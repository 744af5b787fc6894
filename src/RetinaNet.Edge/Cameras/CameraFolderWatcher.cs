using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Cameras;

/// <summary>Applies the camera files while the agent runs: a change in <c>camerasFolder</c> (inotify, and a 1 s
/// check of names, sizes and times in case a mount gives no events), SIGHUP, or the camera API triggers a reload.
/// Events are debounced (300 ms of quiet) so an editor's half-done write is not read; reloads run one at a time.
/// agent.json is watched too: what changed there applies only after a restart, and the log names the keys.</summary>
internal sealed class CameraFolderWatcher(CameraCatalog catalog, LoadedCameras loaded, AgentPaths paths, AgentSettings settings, TimeProvider time, ILogger<CameraFolderWatcher> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private readonly object _reload = new();
    private FileSystemWatcher? _watcher;
    private PosixSignalRegistration? _hangup;
    private ITimer? _debounce, _poll;
    private string _signature = "";
    private string _agentSignature = "";
    private string? _agentReported;
    private volatile bool _stopped;

    private string AgentFile => Path.Combine(paths.BaseDirectory, "agent.json");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!loaded.Watch) return Task.CompletedTask;
        _signature = Signature();
        _agentSignature = FileSignature(AgentFile);
        _debounce = time.CreateTimer(_ => ReloadNow(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        try
        {
            _watcher = new FileSystemWatcher(catalog.Folder) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
            _watcher.Changed += (_, _) => Soon();
            _watcher.Created += (_, _) => Soon();
            _watcher.Deleted += (_, _) => Soon();
            _watcher.Renamed += (_, _) => Soon();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            _watcher?.Dispose();
            _watcher = null; // the 1 s check still finds changes
        }
        _poll = time.CreateTimer(_ => Poll(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx => { ctx.Cancel = true; Soon(); });
        return Task.CompletedTask;
    }

    /// <summary>Reload after 300 ms without another event.</summary>
    public void Soon()
    {
        if (!_stopped) _debounce?.Change(Quiet, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Reads the folder (and agent.json) now and applies what changed; returns the change.</summary>
    public CatalogChange? ReloadNow()
    {
        lock (_reload)
        {
            if (_stopped) return null;
            try
            {
                _signature = Signature();
                CheckAgentFile();
                return catalog.Reload();
            }
            catch (Exception e)
            {
                Log.ReloadFailed(logger, e.GetType().Name, e.Message, e);
                return null;
            }
        }
    }

    private void Poll()
    {
        if (_stopped) return;
        if (Signature() != _signature || FileSignature(AgentFile) != _agentSignature) Soon();
    }

    /// <summary>agent.json changed: a file the loader accepts applies its live keys (<see cref="AppliesLiveAttribute"/>:
    /// recording's and the live view's) at once; the other keys that differ from the running values are named as
    /// waiting for a restart. A file it refuses changes nothing and says why.</summary>
    private void CheckAgentFile()
    {
        var signature = FileSignature(AgentFile);
        if (signature == _agentSignature) return;
        _agentSignature = signature;
        string report;
        try
        {
            var (agent, _, _) = ConfigLoader.LoadAgentOptions(AgentFile);
            var keys = ChangedKeys(JsonSerializer.SerializeToNode(settings.Current, ConfigLoader.Json), JsonSerializer.SerializeToNode(agent, ConfigLoader.Json), "");
            var applied = settings.ApplyLive(agent, keys);
            if (applied.Count > 0) Log.AgentFileApplied(logger, AgentFile, string.Join(", ", applied));
            var waiting = keys.Except(applied).ToList();
            if (waiting.Count == 0) { _agentReported = null; return; }
            report = string.Join(", ", waiting);
            if (report != _agentReported) Log.AgentFileChanged(logger, AgentFile, report);
        }
        catch (ConfigException e)
        {
            report = string.Join("; ", e.Problems);
            if (report != _agentReported) Log.AgentFileInvalid(logger, AgentFile, report);
        }
        _agentReported = report;
    }

    /// <summary>Dotted keys whose values differ, e.g. <c>mqtt.host</c>.</summary>
    internal static List<string> ChangedKeys(JsonNode? a, JsonNode? b, string prefix)
    {
        if (a is JsonObject x && b is JsonObject y)
            return [.. x.Select(p => p.Key).Union(y.Select(p => p.Key)).Order(StringComparer.Ordinal)
                .SelectMany(k => ChangedKeys(x[k], y[k], prefix.Length == 0 ? k : $"{prefix}.{k}"))];
        return JsonNode.DeepEquals(a, b) ? [] : [prefix];
    }

    private string Signature() =>
        string.Join('|', CameraFiles.In(catalog.Folder).Select(FileSignature));

    private static string FileSignature(string file)
    {
        var info = new FileInfo(file);
        return info.Exists ? $"{file}:{info.Length}:{info.LastWriteTimeUtc.Ticks}" : file + ":none";
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _hangup?.Dispose();
        _watcher?.Dispose();
        _debounce?.Dispose();
        _poll?.Dispose();
    }
}
