using System.CommandLine;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Benchmarking;

/// <summary><c>bench</c>'s values, typed. <see cref="DetectFps"/> null: 5 when paced, else as fast as it goes.</summary>
internal sealed record BenchArgs(ModelArgs Model, string? Video, int Cameras, double Seconds, bool Paced, double? DetectFps, bool Sweep, bool Mjpeg, string Out, int DecoderNice = 0);

/// <summary><c>bench</c>'s command line (its subcommands have their own).</summary>
internal sealed class BenchCli : ICommandLine<BenchArgs>
{
    private readonly ModelCli _model = new();
    private readonly Option<string?> _video = CliOptions.Text("--video", "video file (default: a synthetic one)");
    private readonly Option<int> _cameras = CliOptions.Ranged("--cameras", "cameras", 1, 64, 2);
    private readonly Option<double> _seconds = CliOptions.Ranged("--seconds", "measuring time", 1.0, 86_400, 20);
    private readonly Option<bool> _paced = CliOptions.Flag("--paced", "read files at their frame rate");
    private readonly Option<double?> _detectFps = CliOptions.Optional("--detect-fps", "detections per second per camera (default: 5 when paced, else unlimited)", 0.1, 1000);
    private readonly Option<bool> _sweep = CliOptions.Flag("--sweep", "cameras 1, 2, 4, 8, 16 at 5 detect-fps, paced");
    private readonly Option<int> _decoderNice = CliOptions.Ranged("--decoder-nice", "the cameras' decoderNice (paced cameras decoded by ffmpeg children)", 0, 19, 0);
    private readonly Option<bool> _mjpeg = CliOptions.Flag("--mjpeg", "CPU cost of one watched MJPEG live view");
    private readonly Option<string> _out = new("--out") { Description = "results folder", DefaultValueFactory = _ => "bench-results" };

    public Command Command()
    {
        var b = new Command("bench", "Speed: the full pipeline on synthetic cameras against three ceilings (inference, sequential loop, decode)");
        _model.AddTo(b);
        foreach (Option o in new Option[] { _video, _cameras, _seconds, _paced, _detectFps, _sweep, _mjpeg, _decoderNice, _out }) b.Options.Add(o);
        return b;
    }

    public BenchArgs Bind(ParseResult r) => new(_model.Bind(r), r.GetValue(_video), r.GetValue(_cameras), r.GetValue(_seconds), r.GetValue(_paced),
        r.GetValue(_detectFps), r.GetValue(_sweep), r.GetValue(_mjpeg), r.GetValue(_out)!, r.GetValue(_decoderNice));
}
