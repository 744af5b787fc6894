using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Inference;

namespace RetinaNet.Edge.Hosting;

/// <summary>The agent's entry point. Exit codes, the same for every command: 0 ok; 2 usage error or bad input
/// (configuration, model, files — each message names the file, key and value); 1 a failure at run time.</summary>
public static class EdgeAgentCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new AgentCommands().Build(Commands, GuardAsync);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"see: retinanet-edge {string.Join(' ', CommandPath(parsed))} --help".Replace("  ", " ", StringComparison.Ordinal)).ConfigureAwait(false);
            return 2;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
    }

    private static readonly AgentCommands.Handlers Commands = new(
        Run: (config, ct) => RunAgentAsync(ConfigPath(config), ct),
        Validate: async config =>
        {
            var (code, messages) = Validate(ConfigPath(config));
            foreach (var m in messages) await (code == 0 ? Console.Out : Console.Error).WriteLineAsync(m).ConfigureAwait(false);
            return code;
        },
        Detect: a =>
        {
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddFilter(l => l >= LogLevel.Warning));
            return Task.FromResult(Detect.DetectCommand.Run(a, loggers));
        },
        Coco: Evaluation.EvalCommand.CocoAsync,
        Mot: Evaluation.EvalCommand.MotAsync,
        Bench: Benchmarking.BenchCommand.RunAsync,
        Capture: Benchmarking.CaptureBench.RunAsync,
        Outbox: Benchmarking.OutboxBench.RunAsync,
        Soak: Benchmarking.SoakCommand.RunAsync,
        Recording: Benchmarking.RecordingBench.RunAsync,
        DemoVideo: a =>
        {
            var path = new Vision.Synthetic.VideoGenerator(new Vision.Synthetic.VideoSettings { Seconds = a.Seconds, Fps = 15 }).Write(a.Folder, seed: a.Seed);
            Console.WriteLine($"wrote {path}");
            return Task.FromResult(0);
        });

    private static List<string> CommandPath(ParseResult r)
    {
        var names = new List<string>();
        for (var c = r.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
            if (c.Command is not RootCommand) names.Insert(0, c.Command.Name);
        return names;
    }

    /// <summary>Runs a command's action and turns what it throws into the exit code and one line on standard error.</summary>
    private static async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ConfigException e)
        {
            foreach (var p in e.Problems) await Console.Error.WriteLineAsync("config error: " + p).ConfigureAwait(false);
            return 2;
        }
        catch (ModelLoadException e)
        {
            await Console.Error.WriteLineAsync("model error: " + e.Message).ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or DirectoryNotFoundException)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"failed: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static string ConfigPath(string? given) =>
        given ?? Environment.GetEnvironmentVariable("RETINANET_EDGE_CONFIG") ?? Path.Combine(Defaults.ConfigFolder, "agent.json");

    /// <summary>What <c>validate</c> checks, and <c>run</c> before it starts: the configuration and its files, the
    /// model (loaded, layout checked against it), the cameras' labels against the model's, and what can be checked
    /// without running (<see cref="RuntimeChecks"/>: writable folders, file cameras that are videos). Returns the exit code
    /// and the messages (problems, or one line describing what was checked).</summary>
    public static (int Code, IReadOnlyList<string> Messages) Validate(string configPath)
    {
        AgentConfig config;
        try { config = ConfigLoader.Load(configPath); }
        catch (ConfigException e) { return (2, e.Problems.Select(p => "config error: " + p).ToList()); }
        try
        {
            using var detector = RetinaNet.Edge.Hosting.ToolHost.Detector(config, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            var unknown = ConfigRules.Labels(config, detector.Model.Labels).Concat(RuntimeChecks.Run(config, Path.GetFullPath(configPath))).ToList();
            if (unknown.Count > 0) return (2, unknown.Select(u => "config error: " + u).ToList());
            var ok = $"configuration OK: {config.Cameras.Count} camera(s), model {config.ModelPath} (layout {detector.Model.Layout}, {detector.Model.Labels.Count} classes, input {detector.Model.InputWidth}x{detector.Model.InputHeight}, provider {detector.ExecutionProvider.Name()})";
            if (config.Cameras.Count > 0) return (0, [ok]);
            var folder = ConfigLoader.Resolve(config.BaseDirectory, config.Agent.CamerasFolder);
            return (0, [ok, $"no cameras yet: {folder} is empty; add them while the agent runs (dashboard editor, PUT /api/config/cameras/NAME, or a NAME.json file there)"]);
        }
        catch (ModelLoadException e) { return (2, [ModelError(configPath, config, e)]); }
    }

    /// <summary>A model that cannot be used, named by the configuration file and key that chose it.</summary>
    private static string ModelError(string configPath, AgentConfig config, ModelLoadException e) =>
        $"model error: {Path.GetFullPath(configPath)}: 'model.path' = {Redaction.Show(config.Agent.Model.Path)}: {e.Message}";

    private static async Task<int> RunAgentAsync(string configPath, CancellationToken ct)
    {
        var config = ConfigLoader.Load(configPath);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // The service's standard error carries what native libraries print; it is read into the logs (first, so
        // that it is in place before the model and the cameras open).
        builder.Services.AddHostedService<NativeStderr>();
        builder.AddEdgeAgent(config);
        using var host = builder.Build();
        IDetector detector;
        try { detector = host.Services.GetRequiredService<IDetector>(); } // load the model before anything starts
        catch (ModelLoadException e) { throw new ConfigException([ModelError(configPath, config, e)[("model error: ".Length)..]]); }
        var unknown = ConfigRules.Labels(config, detector.Model.Labels);
        if (unknown.Count > 0) throw new ConfigException(unknown);
        await host.RunAsync(ct).ConfigureAwait(false);
        return 0;
    }
}
