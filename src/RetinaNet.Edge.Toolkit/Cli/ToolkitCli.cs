namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary>retinanet-toolkit: synth | train | export | evaluate.</summary>
internal static class ToolkitCli
{
    public static int Run(string[] argv)
    {
        if (argv.Length == 0 || argv[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine("retinanet-toolkit — build, train and export RetinaNet models\n");
            Console.WriteLine(SynthCommand.Usage);
            Console.WriteLine(TrainCommand.Usage);
            Console.WriteLine(ExportCommand.Usage);
            Console.WriteLine(EvaluateCommand.Usage);
            Console.WriteLine(FloorCommand.Usage);
            Console.WriteLine(ImportCommand.Usage);
            return argv.Length == 0 ? 2 : 0;
        }
        try
        {
            var args = new Args(argv.Skip(1));
            return argv[0] switch
            {
                "synth" => SynthCommand.Run(args),
                "train" => TrainCommand.Run(args),
                "export" => ExportCommand.Run(args),
                "evaluate" => EvaluateCommand.Run(args),
                "floor" => FloorCommand.Run(args),
                "import" => ImportCommand.Run(args),
                _ => throw new ArgumentException($"unknown command '{argv[0]}' (synth, train, export, evaluate, floor, import)"),
            };
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or FormatException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
