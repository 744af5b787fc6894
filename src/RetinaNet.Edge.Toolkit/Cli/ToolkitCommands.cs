using System.CommandLine;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary>The toolkit's command line (System.CommandLine, as the agent's): each command declares its options once,
/// typed, range-checked and with their one default (shown in <c>--help</c>), and its action gets those values typed —
/// nothing is re-parsed. <c>--help</c> everywhere, <c>--version</c>.</summary>
internal static class ToolkitCommands
{
    /// <param name="guard">Runs a command's action and turns what it throws into an exit code.</param>
    public static RootCommand Build(Func<Func<int>, int> guard)
    {
        var root = new RootCommand("retinanet-toolkit: build, train, export, import and measure RetinaNet models");
        foreach (var c in new[] { SynthCommand.Command(guard), TrainCommand.Command(guard), ExportCommand.Command(guard), EvaluateCommand.Command(guard),
                                  FloorCommand.Command(guard), QuantizeCommand.Command(guard), ImportCommand.Command(guard), LabelCommand.Command(guard), AdaptCommand.Command(guard) })
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
