using System.CommandLine;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary>retinanet-toolkit: synth | train | export | evaluate | floor | import. Exit codes as the agent's: 0 ok,
/// 2 usage error or bad input, 1 a failure at run time.</summary>
internal static class ToolkitCli
{
    public static int Run(string[] argv)
    {
        var parsed = ToolkitCommands.Build(Guard).Parse(argv);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) Console.Error.WriteLine("error: " + e.Message);
            Console.Error.WriteLine("see: retinanet-toolkit --help");
            return 2;
        }
        if (parsed.CommandResult.Command is RootCommand && !parsed.Tokens.Any())
        {
            parsed = ToolkitCommands.Build(Guard).Parse(["--help"]);
            parsed.Invoke();
            return 2; // no command given
        }
        return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    private static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or FormatException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"failed: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
