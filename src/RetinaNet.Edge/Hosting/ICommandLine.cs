using System.CommandLine;

namespace RetinaNet.Edge.Hosting;

/// <summary>One command's line, the shape both programs use (agent and toolkit): its options declared once as fields,
/// each typed, range-checked and with its one default; <see cref="Command"/> builds the command (with cross-option
/// rules as validators, so a usage error exits 2 before anything runs) and <see cref="Bind"/> reads its values into one
/// typed record — the command's action only ever sees that record.</summary>
internal interface ICommandLine<out TArgs>
{
    Command Command();

    TArgs Bind(ParseResult result);
}

internal static class CommandLineExtensions
{
    /// <summary>The command with its action: <paramref name="run"/> on the bound values, inside <paramref name="guard"/>.</summary>
    public static Command Runs<TArgs>(this ICommandLine<TArgs> cli, Func<TArgs, Task<int>> run, Func<Func<Task<int>>, Task<int>> guard)
    {
        var c = cli.Command();
        c.SetAction((r, _) => guard(() => run(cli.Bind(r))));
        return c;
    }

    /// <summary>The same for a synchronous action (the toolkit's).</summary>
    public static Command Runs<TArgs>(this ICommandLine<TArgs> cli, Func<TArgs, int> run, Func<Func<int>, int> guard)
    {
        var c = cli.Command();
        c.SetAction(r => guard(() => run(cli.Bind(r))));
        return c;
    }
}
