using System.CommandLine;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Benchmarking;

/// <summary><c>bench</c>'s values, typed. <see cref="DetectFps"/> null: 5 when paced, else as fast as it goes.</summary>
internal sealed record BenchArgs(ModelArgs Model, string? Video, int Cameras, double Seconds, bool Paced, double? DetectFps, bool Sweep, bool Mjpeg, string Out, int DecoderNice = 0);

/// <summary><c>bench capture</c>'s values, typed.</summary>
internal sealed record CaptureBenchArgs(ModelArgs Model, string? Video, string Codec, int Width, int Height, int Fps, bool All, DecoderPreset Decoder,
    double DetectFps, double Seconds, double Warmup, bool Sweep, bool Live, string Out);

/// <summary><c>bench outbox</c>'s values, typed.</summary>
internal sealed record OutboxBenchArgs(double OutageSeconds, double Rate, int Events, string? Folder);

/// <summary><c>bench soak</c>'s values, typed (see <see cref="SoakCommand"/>).</summary>
internal sealed record SoakArgs(ModelArgs Model, double Minutes, double WarmupMinutes, double SampleSeconds, double ChurnSeconds,
    double OutageEverySeconds, double OutageSeconds, double DetectFps, int Width, int Height, double BoundPercent, string Out);

/// <summary><c>bench</c>'s command line and its subcommands: declared once, each option with its one default.</summary>
internal sealed class BenchCli
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

    private readonly ModelCli _cModel = new();
    private readonly Option<string?> _cVideo = CliOptions.Text("--video", "video file (default: a clip made with ffmpeg from the demo video)");
    private readonly Option<string> _codec = new Option<string>("--codec") { Description = "encoder of the clip made", DefaultValueFactory = _ => "libx264" }.AcceptOnlyFromAmong("libx264", "libx265");
    private readonly Option<(int Width, int Height)?> _size = CliOptions.Size("--size", "size of the clip made (default 1920x1080)");
    private readonly Option<int> _fps = CliOptions.Ranged("--fps", "frame rate of the clip made", 1, 240, 30);
    private readonly Option<bool> _all = CliOptions.Flag("--all", "H.264 1080p30, H.265 1080p30 and H.264 2160p15");
    private readonly Option<string> _decoder = new Option<string>("--decoder") { Description = "the software decoders this box has", DefaultValueFactory = _ => DecoderPreset.Ffmpeg.Name() }.AcceptOnlyFromAmong(DecoderPreset.Ffmpeg.Name(), DecoderPreset.Gstreamer.Name());
    private readonly Option<double> _cDetectFps = CliOptions.Ranged("--detect-fps", "detections per second", 0.1, 240, 5);
    private readonly Option<double> _cSeconds = CliOptions.Ranged("--seconds", "measuring window", 1.0, 86_400, 20);
    private readonly Option<double> _warmup = CliOptions.Ranged("--warmup", "the whole agent's warm-up before its window (methods called 5 times a second reach .NET's optimised tier in about a minute)", 0.0, 3600, 60);
    private readonly Option<bool> _cSweep = CliOptions.Flag("--sweep", "also: cameras of the 1080p clip the box carries in real time");
    private readonly Option<bool> _live = CliOptions.Flag("--live", "also: what 1 and 10 browser live views and 1 MJPEG view of the camera cost");
    private readonly Option<string> _cOut = new("--out") { Description = "results folder", DefaultValueFactory = _ => "bench-results" };

    private readonly Option<double> _outage = CliOptions.Ranged("--outage-seconds", "broker outage of the soak (0 skips it)", 0.0, 86_400, 600);
    private readonly Option<double> _rate = CliOptions.Ranged("--rate", "events per second during the soak", 0.01, 100_000, 15);
    private readonly Option<int> _events = CliOptions.Ranged("--events", "events per append measurement", 1, 10_000_000, 20_000);
    private readonly Option<string?> _folder = CliOptions.Text("--folder", "where the outbox files go (default: a temp folder)");

    private readonly ModelCli _sModel = new();
    private readonly Option<double> _minutes = CliOptions.Ranged("--minutes", "length of the soak", 0.5, 10_080, 120);
    private readonly Option<double> _sWarmup = CliOptions.Ranged("--warmup-minutes", "start-up excluded from the bounds (caches, pools and JIT fill up)", 0.0, 1_440, 10);
    private readonly Option<double> _sample = CliOptions.Ranged("--sample-seconds", "sampling period", 1.0, 3_600, 30);
    private readonly Option<double> _churn = CliOptions.Ranged("--churn-seconds", "period of the camera-file changes (add, edit zones, remove)", 1.0, 3_600, 30);
    private readonly Option<double> _outageEvery = CliOptions.Ranged("--outage-every", "seconds between broker outages (0: none)", 0.0, 86_400, 300);
    private readonly Option<double> _outageFor = CliOptions.Ranged("--outage-seconds", "length of each broker outage", 1.0, 3_600, 20);
    private readonly Option<double> _sDetectFps = CliOptions.Ranged("--detect-fps", "detections per second per camera", 0.1, 60, 5);
    private readonly Option<(int Width, int Height)?> _sSize = CliOptions.Size("--size", "size of the file and H.265 cameras' clips (default 1920x1080)");
    private readonly Option<double> _bound = CliOptions.Ranged("--bound-percent", "allowed drift after the warm-up of memory, heap, threads and descriptors", 0.1, 1000, 5);
    private readonly Option<string> _sOut = new("--out") { Description = "results folder", DefaultValueFactory = _ => "bench-results/soak" };

    public Command Command(Func<BenchArgs, Task<int>> bench, Func<CaptureBenchArgs, Task<int>> capture, Func<OutboxBenchArgs, Task<int>> outbox,
        Func<SoakArgs, Task<int>> soak, Func<Func<Task<int>>, Task<int>> guard)
    {
        var b = new Command("bench", "Speed: the full pipeline on synthetic cameras against three ceilings (inference, sequential loop, decode)");
        _model.AddTo(b);
        foreach (Option o in new Option[] { _video, _cameras, _seconds, _paced, _detectFps, _sweep, _mjpeg, _decoderNice, _out }) b.Options.Add(o);
        b.SetAction((r, _) => guard(() => bench(new BenchArgs(_model.Bind(r), r.GetValue(_video), r.GetValue(_cameras), r.GetValue(_seconds), r.GetValue(_paced),
            r.GetValue(_detectFps), r.GetValue(_sweep), r.GetValue(_mjpeg), r.GetValue(_out)!, r.GetValue(_decoderNice)))));

        var c = new Command("capture", "What one real camera costs: the decoder alone, the capture path, inference alone and the whole agent, in cores (decoder children included)");
        _cModel.AddTo(c);
        foreach (Option o in new Option[] { _cVideo, _codec, _size, _fps, _all, _decoder, _cDetectFps, _cSeconds, _warmup, _cSweep, _live, _cOut }) c.Options.Add(o);
        c.SetAction((r, _) =>
        {
            var (w, h) = r.GetValue(_size) ?? (1920, 1080);
            return guard(() => capture(new CaptureBenchArgs(_cModel.Bind(r), r.GetValue(_cVideo), r.GetValue(_codec)!, w, h, r.GetValue(_fps), r.GetValue(_all),
                Decoders.Parse(r.GetValue(_decoder)!), r.GetValue(_cDetectFps), r.GetValue(_cSeconds), r.GetValue(_warmup), r.GetValue(_cSweep), r.GetValue(_live), r.GetValue(_cOut)!)));
        });
        b.Subcommands.Add(c);

        var o2 = new Command("outbox", "The MQTT outbox against a local mosquitto: append rate, delivery latency, outage recovery") { _outage, _rate, _events, _folder };
        o2.SetAction((r, _) => guard(() => outbox(new OutboxBenchArgs(r.GetValue(_outage), r.GetValue(_rate), r.GetValue(_events), r.GetValue(_folder)))));
        b.Subcommands.Add(o2);

        var s = new Command("soak", "Hours of the real agent with cameras, camera files, the broker and viewers churning: samples memory, heap, threads, descriptors, decoder children, state DB and outbox; CSV + PNG; exit 1 when a bound is broken or an event is lost");
        _sModel.AddTo(s);
        foreach (Option o in new Option[] { _minutes, _sWarmup, _sample, _churn, _outageEvery, _outageFor, _sDetectFps, _sSize, _bound, _sOut }) s.Options.Add(o);
        s.SetAction((r, _) =>
        {
            var (w, h) = r.GetValue(_sSize) ?? (1920, 1080);
            return guard(() => soak(new SoakArgs(_sModel.Bind(r), r.GetValue(_minutes), r.GetValue(_sWarmup), r.GetValue(_sample), r.GetValue(_churn),
                r.GetValue(_outageEvery), r.GetValue(_outageFor), r.GetValue(_sDetectFps), w, h, r.GetValue(_bound), r.GetValue(_sOut)!)));
        });
        b.Subcommands.Add(s);
        return b;
    }
}
