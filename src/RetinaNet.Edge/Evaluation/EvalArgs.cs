using System.CommandLine;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Evaluation;

/// <summary><c>eval coco</c>'s values, typed.</summary>
internal sealed record CocoArgs(ModelArgs Model, string Data, string? Out);

/// <summary><c>eval mot</c>'s values, typed.</summary>
internal sealed record MotArgs(string Model, string Video, bool Rtsp, float MinVisibility, string? Out);

/// <summary><c>eval</c>'s command line: declared once, each option with its one default.</summary>
internal sealed class EvalCli
{
    private readonly ModelCli _cocoModel = new();
    private readonly Option<string?> _data = CliOptions.Text("--data", "COCO annotations JSON (images beside it)", required: true);
    private readonly Option<string?> _cocoOut = CliOptions.Text("--out", "also write the figures as JSON into this folder");
    private readonly Option<string?> _motModel = CliOptions.Text("--model", "ONNX model", required: true);
    private readonly Option<string?> _video = CliOptions.Text("--video", "folder with video.avi and gt/gt.txt", required: true);
    private readonly Option<bool> _rtsp = CliOptions.Flag("--rtsp", "stream the video through a local gst-rtsp-server");
    private readonly Option<float> _minVisibility = CliOptions.Ranged("--min-visibility", "ground-truth boxes less visible than this are ignored", 0f, 1f, 0.3f);
    private readonly Option<string?> _motOut = CliOptions.Text("--out", "also write the figures as JSON into this folder");

    public Command Command(Func<CocoArgs, Task<int>> coco, Func<MotArgs, Task<int>> mot, Func<Func<Task<int>>, Task<int>> guard)
    {
        var eval = new Command("eval", "Accuracy: COCO AP of a model, MOT metrics of the whole pipeline");
        var c = new Command("coco", "COCO AP on a COCO-json set with the agent's preprocessing and decoding");
        _cocoModel.AddTo(c);
        c.Options.Add(_data);
        c.Options.Add(_cocoOut);
        c.SetAction((r, _) => guard(() => coco(new CocoArgs(_cocoModel.Bind(r), r.GetValue(_data)!, r.GetValue(_cocoOut)))));
        var m = new Command("mot", "MOT metrics of the agent pipeline on a video with MOTChallenge ground truth") { _motModel, _video, _rtsp, _minVisibility, _motOut };
        m.SetAction((r, _) => guard(() => mot(new MotArgs(r.GetValue(_motModel)!, r.GetValue(_video)!, r.GetValue(_rtsp), r.GetValue(_minVisibility), r.GetValue(_motOut)))));
        eval.Subcommands.Add(c);
        eval.Subcommands.Add(m);
        return eval;
    }
}
