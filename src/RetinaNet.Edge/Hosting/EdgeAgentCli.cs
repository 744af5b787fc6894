using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Inference;

namespace RetinaNet.Edge.Hosting;

/// <summary>Command line: <c>retinanet-edge [run|validate] [--config PATH]</c>. Exit codes: 0 ok, 2 bad
/// configuration or model (message names the file, key and value), 1 other failure.</summary>
public static class EdgeAgentCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "run";
        if (command == "demo-video") return DemoVideo(args.Skip(1).ToArray());
        if (command == "detect")
        {
            try { return Detect.DetectCommand.Run(args[1..], Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; }).AddFilter(l => l >= Microsoft.Extensions.Logging.LogLevel.Warning))); }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or ModelLoadException or ConfigException)
            {
                var message = e is ConfigException c ? string.Join("\n", c.Problems.Select(p => "config error: " + p)) : "error: " + e.Message;
                await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
                return 2;
            }
        }
        if (command == "bench")
        {
            try { return await Benchmarking.BenchCommand.RunAsync(args.Skip(1).ToArray()).ConfigureAwait(false); }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or ModelLoadException)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
                return 2;
            }
        }
        if (command == "eval")
        {
            try { return await Evaluation.EvalCommand.RunAsync(args.Skip(1).ToArray()).ConfigureAwait(false); }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or ModelLoadException)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
                return 2;
            }
        }
        var rest = args.SkipWhile(a => a == command).ToArray();
        string configPath = Environment.GetEnvironmentVariable("RETINANET_EDGE_CONFIG") ?? Path.Combine(Defaults.ConfigFolder, "agent.json");
        for (int i = 0; i < rest.Length; i++)
        {
            if (rest[i] == "--config" && i + 1 < rest.Length) configPath = rest[++i];
            else { await Console.Error.WriteLineAsync($"error: unknown argument '{rest[i]}' (usage: retinanet-edge [run|validate] [--config PATH])").ConfigureAwait(false); return 2; }
        }
        AgentConfig config;
        try
        {
            if (!File.Exists(configPath)) throw new ConfigException([$"{Path.GetFullPath(configPath)}: configuration file not found"]);
            config = ConfigLoader.Load(configPath);
        }
        catch (ConfigException e)
        {
            foreach (var p in e.Problems) await Console.Error.WriteLineAsync("config error: " + p).ConfigureAwait(false);
            return 2;
        }
        switch (command)
        {
            case "validate":
                return await ValidateAsync(config).ConfigureAwait(false);
            case "run":
                var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
                builder.AddEdgeAgent(config);
                using (var host = builder.Build())
                {
                    try
                    {
                        _ = host.Services.GetRequiredService<IDetector>(); // load the model before anything starts
                        await host.RunAsync().ConfigureAwait(false);
                    }
                    catch (ModelLoadException e)
                    {
                        await Console.Error.WriteLineAsync("model error: " + e.Message).ConfigureAwait(false);
                        return 2;
                    }
                }
                return 0;
            default:
                await Console.Error.WriteLineAsync($"error: unknown command '{command}' (run, validate)").ConfigureAwait(false);
                return 2;
        }
    }

    /// <summary><c>retinanet-edge demo-video DIR [SECONDS]</c>: renders the model toolkit's synthetic demo video (shapes
    /// moving over a real scene, with MOTChallenge ground truth) so that a fresh machine has a camera to watch.</summary>
    private static int DemoVideo(string[] args)
    {
        if (args.Length is < 1 or > 2) { Console.Error.WriteLine("usage: retinanet-edge demo-video DIR [SECONDS]"); return 2; }
        double seconds = args.Length == 2 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60;
        var path = new Vision.Synthetic.VideoGenerator(new Vision.Synthetic.VideoSettings { Seconds = seconds, Fps = 15 }).Write(args[0], seed: 2026);
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    private static async Task<int> ValidateAsync(AgentConfig config)
    {
        try
        {
            using var detector = new OnnxDetector(config, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            var unknown = config.Cameras.SelectMany(c => c.Labels.Concat(c.LabelThresholds.Keys).Where(l => !detector.Model.Labels.Contains(l)).Select(l => $"{c.SourceFile}: label '{l}' is not one of the model's labels")).ToList();
            if (unknown.Count > 0)
            {
                foreach (var u in unknown) await Console.Error.WriteLineAsync("config error: " + u).ConfigureAwait(false);
                return 2;
            }
            Console.WriteLine($"configuration OK: {config.Cameras.Count} camera(s), model {config.ModelPath} (layout {detector.Model.Layout}, {detector.Model.Labels.Count} classes, input {detector.Model.InputWidth}x{detector.Model.InputHeight}, provider {detector.ExecutionProvider})");
            return 0;
        }
        catch (ModelLoadException e)
        {
            await Console.Error.WriteLineAsync("model error: " + e.Message).ConfigureAwait(false);
            return 2;
        }
    }
}
