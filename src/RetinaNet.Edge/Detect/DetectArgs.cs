using System.CommandLine;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Detect;

/// <summary><c>detect</c>'s values, typed.</summary>
internal sealed record DetectArgs(ModelArgs Model, int Every, string? Annotate, string? Out, IReadOnlyList<string> Inputs);

/// <summary><c>detect</c>'s command line: declared once, each option with its one default.</summary>
internal sealed class DetectCli : ICommandLine<DetectArgs>
{
    private readonly ModelCli _model = new();
    private readonly Option<int> _every = CliOptions.Ranged("--every", "videos: every Nth frame", 1, 1_000_000, 1);
    private readonly Option<string?> _annotate = CliOptions.Text("--annotate", "write annotated JPEGs into this folder");
    private readonly Option<string?> _out = CliOptions.Text("--out", "write the JSON lines to this file (default: standard output)");
    private readonly Argument<string[]> _inputs = new("INPUT") { Arity = ArgumentArity.OneOrMore, Description = "image files, folders of images, or video files" };

    public Command Command()
    {
        var c = new Command("detect", "A model's raw detections on images, folders or videos, as JSON lines (and annotated JPEGs)");
        _model.AddTo(c);
        c.Options.Add(_every);
        c.Options.Add(_annotate);
        c.Options.Add(_out);
        c.Arguments.Add(_inputs);
        return c;
    }

    public DetectArgs Bind(ParseResult r) => new(_model.Bind(r), r.GetValue(_every), r.GetValue(_annotate), r.GetValue(_out), r.GetValue(_inputs) ?? []);
}
