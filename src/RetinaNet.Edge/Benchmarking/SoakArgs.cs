using System.CommandLine;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Benchmarking;

/// <summary><c>bench soak</c>'s values, typed (see <see cref="SoakCommand"/>).</summary>
internal sealed record SoakArgs(ModelArgs Model, double Minutes, double WarmupMinutes, double SampleSeconds, double ChurnSeconds,
    double OutageEverySeconds, double OutageSeconds, double DetectFps, int Width, int Height, double BoundPercent, string Out);

/// <summary><c>bench soak</c>'s command line.</summary>
internal sealed class SoakCli : ICommandLine<SoakArgs>
{
    private readonly ModelCli _model = new();
    private readonly Option<double> _minutes = CliOptions.Ranged("--minutes", "length of the soak", 0.5, 10_080, 120);
    private readonly Option<double> _warmup = CliOptions.Ranged("--warmup-minutes", "start-up excluded from the bounds (caches, pools and JIT fill up)", 0.0, 1_440, 10);
    private readonly Option<double> _sample = CliOptions.Ranged("--sample-seconds", "sampling period", 1.0, 3_600, 30);
    private readonly Option<double> _churn = CliOptions.Ranged("--churn-seconds", "period of the camera-file changes (add, edit zones, remove)", 1.0, 3_600, 30);
    private readonly Option<double> _outageEvery = CliOptions.Ranged("--outage-every", "seconds between broker outages (0: none)", 0.0, 86_400, 300);
    private readonly Option<double> _outageFor = CliOptions.Ranged("--outage-seconds", "length of each broker outage", 1.0, 3_600, 20);
    private readonly Option<double> _detectFps = CliOptions.Ranged("--detect-fps", "detections per second per camera", 0.1, 60, 5);
    private readonly Option<(int Width, int Height)?> _size = CliOptions.Size("--size", "size of the file and H.265 cameras' clips (default 1920x1080)");
    private readonly Option<double> _bound = CliOptions.Ranged("--bound-percent", "allowed drift after the warm-up of memory, heap, threads and descriptors", 0.1, 1000, 5);
    private readonly Option<string> _out = new("--out") { Description = "results folder", DefaultValueFactory = _ => "bench-results/soak" };

    public Command Command()
    {
        var s = new Command("soak", "Hours of the real agent with cameras, camera files, the broker and viewers churning: samples memory, heap, threads, descriptors, decoder children, state DB and outbox; CSV + PNG; exit 1 when a bound is broken or an event is lost");
        _model.AddTo(s);
        foreach (Option o in new Option[] { _minutes, _warmup, _sample, _churn, _outageEvery, _outageFor, _detectFps, _size, _bound, _out }) s.Options.Add(o);
        return s;
    }

    public SoakArgs Bind(ParseResult r)
    {
        var (w, h) = r.GetValue(_size) ?? (1920, 1080);
        return new(_model.Bind(r), r.GetValue(_minutes), r.GetValue(_warmup), r.GetValue(_sample), r.GetValue(_churn),
            r.GetValue(_outageEvery), r.GetValue(_outageFor), r.GetValue(_detectFps), w, h, r.GetValue(_bound), r.GetValue(_out)!);
    }
}
