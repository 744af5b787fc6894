using System.CommandLine;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Evaluation;

/// <summary><c>eval coco</c>'s values, typed.</summary>
internal sealed record CocoArgs(ModelArgs Model, string Data, string? Out);

/// <summary><c>eval mot</c>'s values, typed.</summary>
internal sealed record MotArgs(string Model, string Video, bool Rtsp, float MinVisibility, string? Out);

/// <summary><c>eval coco</c>'s command line.</summary>
internal sealed class CocoCli : ICommandLine<CocoArgs>
{
    private readonly ModelCli _model = new();
    private readonly Option<string?> _data = CliOptions.Text("--data", "COCO annotations JSON (images beside it)", required: true);
    private readonly Option<string?> _out = CliOptions.Text("--out", "also write the figures as JSON into this folder");

    public Command Command()
    {
        var c = new Command("coco", "COCO AP on a COCO-json set with the agent's preprocessing and decoding");
        _model.AddTo(c);
        c.Options.Add(_data);
        c.Options.Add(_out);
        return c;
    }

    public CocoArgs Bind(ParseResult r) => new(_model.Bind(r), r.GetValue(_data)!, r.GetValue(_out));
}

/// <summary><c>eval mot</c>'s command line.</summary>
internal sealed class MotCli : ICommandLine<MotArgs>
{
    private readonly Option<string?> _model = CliOptions.Text("--model", "ONNX model", required: true);
    private readonly Option<string?> _video = CliOptions.Text("--video", "folder with video.avi and gt/gt.txt", required: true);
    private readonly Option<bool> _rtsp = CliOptions.Flag("--rtsp", "stream the video through a local gst-rtsp-server");
    private readonly Option<float> _minVisibility = CliOptions.Ranged("--min-visibility", "ground-truth boxes less visible than this are ignored", 0f, 1f, 0.3f);
    private readonly Option<string?> _out = CliOptions.Text("--out", "also write the figures as JSON into this folder");

    public Command Command() => new("mot", "MOT metrics of the agent pipeline on a video with MOTChallenge ground truth") { _model, _video, _rtsp, _minVisibility, _out };

    public MotArgs Bind(ParseResult r) => new(r.GetValue(_model)!, r.GetValue(_video)!, r.GetValue(_rtsp), r.GetValue(_minVisibility), r.GetValue(_out));
}
