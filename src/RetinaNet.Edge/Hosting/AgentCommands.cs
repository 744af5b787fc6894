using System.CommandLine;
using System.Globalization;

namespace RetinaNet.Edge.Hosting;

/// <summary>The agent's command line (System.CommandLine): every command and option declared once, typed, range
/// checked and with its one default, <c>--help</c> on each command and <c>--version</c>. Each command's action gets its
/// typed values (<c>XArgs</c> records beside each command). Nothing runs before the whole command line is valid, and no
/// command needs a configuration file to show its help.</summary>
internal sealed class AgentCommands
{
    /// <summary>What each command runs, with its typed values.</summary>
    internal sealed record Handlers(
        Func<string?, CancellationToken, Task<int>> Run,
        Func<string?, Task<int>> Validate,
        Func<Detect.DetectArgs, Task<int>> Detect,
        Func<Evaluation.CocoArgs, Task<int>> Coco,
        Func<Evaluation.MotArgs, Task<int>> Mot,
        Func<Benchmarking.BenchArgs, Task<int>> Bench,
        Func<Benchmarking.CaptureBenchArgs, Task<int>> Capture,
        Func<Benchmarking.OutboxBenchArgs, Task<int>> Outbox,
        Func<Benchmarking.SoakArgs, Task<int>> Soak,
        Func<string, double, int, Task<int>> DemoVideo);

    private readonly Option<string?> _config = CliOptions.Text("--config", "agent.json (default: $RETINANET_EDGE_CONFIG, else config/agent.json)");
    private readonly Argument<string> _demoFolder = new("DIR") { Description = "output folder" };
    private readonly Argument<double> _demoSeconds = new("SECONDS") { Description = "length; 1–3600", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => 60 };
    private readonly Option<int> _demoSeed = CliOptions.Ranged("--seed", "random seed of the scene (objects, paths, occluders)", int.MinValue, int.MaxValue, 2026);
    private readonly Argument<string[]> _helpFor = new("COMMAND") { Arity = ArgumentArity.ZeroOrMore, Description = "e.g. detect, or eval coco" };

    /// <summary>The command tree; <paramref name="guard"/> runs each action (exit codes from exceptions).</summary>
    public RootCommand Build(Handlers h, Func<Func<Task<int>>, Task<int>> guard)
    {
        var root = new RootCommand("RetinaNet.Edge: real-time RetinaNet video analytics agent (runs the agent when no command is given)") { _config };
        root.SetAction((r, ct) => guard(() => h.Run(r.GetValue(_config), ct)));
        var run = new Command("run", "Run the agent (what the systemd unit starts)") { _config };
        run.SetAction((r, ct) => guard(() => h.Run(r.GetValue(_config), ct)));
        var validate = new Command("validate", "Check the configuration, its files and the model without running; exit 2 names every problem") { _config };
        validate.SetAction((r, _) => guard(() => h.Validate(r.GetValue(_config))));

        var detect = new Detect.DetectCli().Runs(h.Detect, guard);
        var eval = new Evaluation.EvalCli().Command(h.Coco, h.Mot, guard);
        var bench = new Benchmarking.BenchCli().Command(h.Bench, h.Capture, h.Outbox, h.Soak, guard);

        _demoSeconds.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<double>();
            if (!double.IsFinite(v) || v < 1 || v > 3600) r.AddError($"SECONDS: {v.ToString(CultureInfo.InvariantCulture)} must be a number in 1–3600");
        });
        var demo = new Command("demo-video", "Render the synthetic demo video (shapes over a real scene, with ground truth)") { _demoFolder, _demoSeconds, _demoSeed };
        demo.SetAction((r, _) => guard(() => h.DemoVideo(r.GetValue(_demoFolder)!, r.GetValue(_demoSeconds), r.GetValue(_demoSeed))));

        var help = new Command("help", "Show help for the agent or one of its commands") { _helpFor };
        help.SetAction((r, ct) => new AgentCommands().Build(h, guard).Parse([.. r.GetValue(_helpFor) ?? [], "--help"]).InvokeAsync(cancellationToken: ct));

        foreach (var c in new[] { run, validate, detect, eval, bench, demo, help }) root.Subcommands.Add(c);
        return root;
    }
}
