using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace RetinaNet.Edge.Configuration;

/// <summary>The running agent.json as the options system reads it: each stage binds its section of <see cref="Root"/>
/// (<see cref="SectionBinding.BindSection{T, TValidator}"/>). The values are the strict loader's (the file stays the
/// one truth: unknown keys, duplicates and nulls were refused there, with file, key and value); a changed agent.json
/// the loader accepts applies its <see cref="AppliesLiveAttribute"/> keys here, and <c>IOptionsMonitor</c> readers
/// see them.</summary>
public sealed class AgentSettings
{
    private readonly KeysProvider _provider;
    private volatile AgentOptions _current;

    public AgentSettings(AgentOptions agent)
    {
        _current = agent;
        _provider = new KeysProvider(ConfigurationKeys.Of(agent));
        Root = new ConfigurationRoot([_provider]);
    }

    /// <summary>The values running now (live keys as last applied, the rest as the agent started with).</summary>
    public AgentOptions Current => _current;

    public IConfigurationRoot Root { get; }

    /// <summary>Dotted keys (e.g. <c>recording.cameraQuotaMegabytes</c>) that apply while the agent runs.</summary>
    public static IReadOnlySet<string> LiveKeys { get; } = FindLiveKeys();

    /// <summary>Takes the live keys among <paramref name="changed"/> from <paramref name="next"/> (an agent.json the
    /// loader accepted) and reloads the options that bind them. Returns the keys applied.</summary>
    public IReadOnlyList<string> ApplyLive(AgentOptions next, IEnumerable<string> changed)
    {
        var live = changed.Where(LiveKeys.Contains).ToList();
        if (live.Count == 0) return live;
        var running = JsonSerializer.SerializeToNode(_current, ConfigLoader.Json)!.AsObject();
        var wanted = JsonSerializer.SerializeToNode(next, ConfigLoader.Json)!.AsObject();
        foreach (var key in live)
        {
            var (section, name) = (key[..key.IndexOf('.', StringComparison.Ordinal)], key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..]);
            running[section]!.AsObject()[name] = wanted[section]![name]?.DeepClone();
        }
        var merged = running.Deserialize<AgentOptions>(ConfigLoader.Json)!;
        _current = merged;
        _provider.Replace(ConfigurationKeys.Of(merged));
        return live;
    }

    private static HashSet<string> FindLiveKeys() =>
        [.. typeof(AgentOptions).GetProperties().Where(s => s.PropertyType.IsClass && s.PropertyType != typeof(string))
            .SelectMany(s => s.PropertyType.GetProperties().Where(p => p.GetCustomAttribute<AppliesLiveAttribute>() is not null)
                .Select(p => $"{OptionsValidation.Key(s.Name)}.{OptionsValidation.Key(p.Name)}"))];

    private sealed class KeysProvider(IDictionary<string, string?> keys) : ConfigurationProvider
    {
        public override void Load() => Data = new Dictionary<string, string?>(keys, StringComparer.OrdinalIgnoreCase);

        public void Replace(IDictionary<string, string?> next)
        {
            Data = new Dictionary<string, string?>(next, StringComparer.OrdinalIgnoreCase);
            OnReload();
        }
    }
}
