using RetinaNet.Edge.Hosting;
using System.CommandLine;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary>The toolkit's command line, in the agent's shape: each command is an <c>XCli</c>
/// (<see cref="RetinaNet.Edge.Hosting.ICommandLine{TArgs}"/>: options declared once, typed, range-checked, with their one
/// default shown in <c>--help</c>; cross-option rules as validators) bound to one typed record that <c>XCommand.Run</c>
/// takes — nothing is re-parsed. <c>--help</c> everywhere, <c>--version</c>.</summary>
internal static class ToolkitCommands
{
    /// <param name="guard">Runs a command's action and turns what it throws into an exit code.</param>
    public static RootCommand Build(Func<Func<int>, int> guard)
    {
        var root = new RootCommand("retinanet-toolkit: build, train, export, import and measure RetinaNet models");
        foreach (var c in new[]
                 {
                     new SynthCli().Runs(SynthCommand.Run, guard), new TrainCli().Runs(TrainCommand.Run, guard), new ExportCli().Runs(ExportCommand.Run, guard),
                     new EvaluateCli().Runs(EvaluateCommand.Run, guard), new FloorCli().Runs(FloorCommand.Run, guard), new QuantizeCli().Runs(QuantizeCommand.Run, guard),
                     new ImportCli().Runs(ImportCommand.Run, guard), new LabelCli().Runs(LabelCommand.Run, guard), new AdaptCli().Runs(AdaptCommand.Run, guard),
                 })
            root.Subcommands.Add(c);
        var helpFor = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.ZeroOrMore };
        var help = new Command("help", "Show help for the toolkit or one of its commands") { helpFor };
        help.SetAction(r => Build(guard).Parse([.. r.GetValue(helpFor) ?? [], "--help"]).Invoke());
        root.Subcommands.Add(help);
        return root;
    }

    /// <summary>A command whose description ends with its usage notes.</summary>
    public static Command Command(string name, string description, string usage, params Option[] options)
    {
        var c = new Command(name, description + "\n\n" + usage.TrimEnd());
        foreach (var o in options) c.Options.Add(o);
        return c;
    }
}
