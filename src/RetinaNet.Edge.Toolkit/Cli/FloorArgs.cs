using System.CommandLine;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>floor</c>'s values, typed.</summary>
internal sealed record FloorArgs(string Model, int Runs, string? Out);

/// <summary><c>floor</c>'s command line.</summary>
internal sealed class FloorCli : ICommandLine<FloorArgs>
{
    public const string Usage = """
        floor --model MODEL.onnx [--runs N] [--out DIR]
              CPU latency of an exported model against FLOPs ÷ measured sgemm rate, under several ONNX Runtime settings
        """;

    private readonly Option<string?> _model = CliOptions.Text("--model", "ONNX model", required: true);
    private readonly Option<int> _runs = CliOptions.Ranged("--runs", "timed runs per setting", 1, 100_000, 5);
    private readonly Option<string?> _out = CliOptions.Text("--out", "also write floor.json into this folder");

    public Command Command() => ToolkitCommands.Command("floor", "CPU latency of a model against its FLOPs and the sgemm rate", Usage, _model, _runs, _out);

    public FloorArgs Bind(ParseResult r) => new(r.GetValue(_model)!, r.GetValue(_runs), r.GetValue(_out));
}
