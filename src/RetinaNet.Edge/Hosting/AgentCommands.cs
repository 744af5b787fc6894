using System.CommandLine;

namespace RetinaNet.Edge.Hosting;

/// <summary>The agent's command line (System.CommandLine): every command and option declared once, typed, range
/// checked and with its one default, <c>--help</c> on each command and <c>--version</c>. Each command's action gets its
/// typed values: each command is an <c>XCli</c> (<see cref="ICommandLine{TArgs}"/>) bound to its <c>XArgs</c> record, the
/// toolkit's shape too. Nothing runs before the whole command line is valid, and no
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
        Func<Benchmarking.RecordingBenchArgs, Task<int>> Recording,
        Func<DemoVideoArgs, Task<int>> DemoVideo);

    private readonly Option<string?> _config = CliOptions.Text("--config", "agent.json (default: $RETINANET_EDGE_CONFIG, else config/agent.json)");
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
        var eval = new Command("eval", "Accuracy: COCO AP of a model, MOT metrics of the whole pipeline")
        {
            new Evaluation.CocoCli().Runs(h.Coco, guard), new Evaluation.MotCli().Runs(h.Mot, guard),
        };
        var bench = new Benchmarking.BenchCli().Runs(h.Bench, guard);
        foreach (var sub in new[] { new Benchmarking.CaptureBenchCli().Runs(h.Capture, guard), new Benchmarking.OutboxBenchCli().Runs(h.Outbox, guard), new Benchmarking.SoakCli().Runs(h.Soak, guard),
                                    new Benchmarking.RecordingBenchCli().Runs(h.Recording, guard) })
            bench.Subcommands.Add(sub);

        var demo = new DemoVideoCli().Runs(h.DemoVideo, guard);

        var help = new Command("help", "Show help for the agent or one of its commands") { _helpFor };
        help.SetAction((r, ct) => new AgentCommands().Build(h, guard).Parse([.. r.GetValue(_helpFor) ?? [], "--help"]).InvokeAsync(cancellationToken: ct));

        foreach (var c in new[] { run, validate, detect, eval, bench, demo, help }) root.Subcommands.Add(c);
        return root;
    }
}
