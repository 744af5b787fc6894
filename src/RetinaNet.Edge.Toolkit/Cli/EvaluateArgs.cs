using System.CommandLine;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>evaluate</c>'s values, typed: exactly one of <see cref="Checkpoint"/> and <see cref="Teacher"/>.</summary>
internal sealed record EvaluateArgs(string? Checkpoint, string? Teacher, string Data, int Threads);

/// <summary><c>evaluate</c>'s command line.</summary>
internal sealed class EvaluateCli : ICommandLine<EvaluateArgs>
{
    public const string Usage = """
        evaluate --checkpoint DIR --data VAL.json [--threads N]
              COCO AP (AP@[.5:.95], AP50, AP75, by size) of a checkpoint on a COCO-format set, overall and per class
        evaluate --teacher NANODET.onnx --data VAL.json
              the same for the COCO teacher (its classes matched to the set's by name; score ≥ 0.05, NMS 0.6)
        """;

    private readonly Option<string?> _checkpoint = CliOptions.Text("--checkpoint", "checkpoint folder");
    private readonly Option<string?> _teacher = CliOptions.Text("--teacher", "teacher ONNX (tools/teacher/nanodet_import.py)");
    private readonly Option<string?> _data = CliOptions.Text("--data", "COCO-format annotations (images beside it)", required: true);
    private readonly Option<int> _threads = CliOptions.Ranged("--threads", "libtorch threads", 1, 1024, Environment.ProcessorCount);

    public Command Command()
    {
        var c = ToolkitCommands.Command("evaluate", "COCO AP of a checkpoint or of the teacher", Usage, _checkpoint, _teacher, _data, _threads);
        c.Validators.Add(r => CliOptions.ExactlyOne(r, "give one of --checkpoint or --teacher", r.GetValue(_checkpoint), r.GetValue(_teacher)));
        return c;
    }

    public EvaluateArgs Bind(ParseResult r) => new(r.GetValue(_checkpoint), r.GetValue(_teacher), r.GetValue(_data)!, r.GetValue(_threads));
}
