using System.CommandLine;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Benchmarking;

/// <summary><c>bench capture</c>'s values, typed.</summary>
internal sealed record CaptureBenchArgs(ModelArgs Model, string? Video, string Codec, int Width, int Height, int Fps, bool All, DecoderPreset Decoder,
    double DetectFps, double Seconds, double Warmup, bool Sweep, bool Live, string Out, bool Recording = false);

/// <summary><c>bench capture</c>'s command line.</summary>
internal sealed class CaptureBenchCli : ICommandLine<CaptureBenchArgs>
{
    private readonly ModelCli _model = new();
    private readonly Option<string?> _video = CliOptions.Text("--video", "video file (default: a clip made with ffmpeg from the demo video)");
    private readonly Option<string> _codec = new Option<string>("--codec") { Description = "encoder of the clip made", DefaultValueFactory = _ => "libx264" }.AcceptOnlyFromAmong("libx264", "libx265");
    private readonly Option<(int Width, int Height)?> _size = CliOptions.Size("--size", "size of the clip made (default 1920x1080)");
    private readonly Option<int> _fps = CliOptions.Ranged("--fps", "frame rate of the clip made", 1, 240, 30);
    private readonly Option<bool> _all = CliOptions.Flag("--all", "H.264 1080p30, H.265 1080p30 and H.264 2160p15");
    private readonly Option<string> _decoder = new Option<string>("--decoder") { Description = "the software decoders this box has", DefaultValueFactory = _ => DecoderPreset.Ffmpeg.Name() }.AcceptOnlyFromAmong(DecoderPreset.Ffmpeg.Name(), DecoderPreset.Gstreamer.Name());
    private readonly Option<double> _detectFps = CliOptions.Ranged("--detect-fps", "detections per second", 0.1, 240, 5);
    private readonly Option<double> _seconds = CliOptions.Ranged("--seconds", "measuring window", 1.0, 86_400, 20);
    private readonly Option<double> _warmup = CliOptions.Ranged("--warmup", "the whole agent's warm-up before its window (methods called 5 times a second reach .NET's optimised tier in about a minute)", 0.0, 3600, 60);
    private readonly Option<bool> _sweep = CliOptions.Flag("--sweep", "also: cameras of the 1080p clip the box carries in real time");
    private readonly Option<bool> _live = CliOptions.Flag("--live", "also: what 1 and 10 browser live views and 1 MJPEG view of the camera cost");
    private readonly Option<bool> _recording = CliOptions.Flag("--recording", "also: what recording event clips costs (the whole agent with recording on and off, side by side over the same window)");
    private readonly Option<string> _out = new("--out") { Description = "results folder", DefaultValueFactory = _ => "bench-results" };

    public Command Command()
    {
        var c = new Command("capture", "What one real camera costs: the decoder alone, the capture path, inference alone and the whole agent, in cores (decoder children included)");
        _model.AddTo(c);
        foreach (Option o in new Option[] { _video, _codec, _size, _fps, _all, _decoder, _detectFps, _seconds, _warmup, _sweep, _live, _recording, _out }) c.Options.Add(o);
        return c;
    }

    public CaptureBenchArgs Bind(ParseResult r)
    {
        var (w, h) = r.GetValue(_size) ?? (1920, 1080);
        return new(_model.Bind(r), r.GetValue(_video), r.GetValue(_codec)!, w, h, r.GetValue(_fps), r.GetValue(_all),
            Decoders.Parse(r.GetValue(_decoder)!), r.GetValue(_detectFps), r.GetValue(_seconds), r.GetValue(_warmup), r.GetValue(_sweep), r.GetValue(_live), r.GetValue(_out)!, r.GetValue(_recording));
    }
}
