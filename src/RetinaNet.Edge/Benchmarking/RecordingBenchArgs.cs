using System.CommandLine;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Benchmarking;

/// <summary><c>bench recording</c>'s values, typed.</summary>
internal sealed record RecordingBenchArgs(ModelArgs Model, double Minutes, double QuotaMegabytes, double PreSeconds, double PostSeconds, int Width, int Height, string Out,
    bool Continuous, double MaxClipSeconds);

/// <summary><c>bench recording</c>'s command line.</summary>
internal sealed class RecordingBenchCli : ICommandLine<RecordingBenchArgs>
{
    private readonly ModelCli _model = new();
    private readonly Option<double> _minutes = CliOptions.Ranged("--minutes", "length of the run", 0.5, 1440, 10);
    private readonly Option<double> _quota = CliOptions.Ranged("--quota-mb", "each camera's clip quota", 1.0, 1_000_000, 200);
    private readonly Option<double> _pre = CliOptions.Ranged("--pre", "seconds before a track a clip starts at least", 0.0, 60, 3);
    private readonly Option<double> _post = CliOptions.Ranged("--post", "seconds after the last track a clip goes on", 0.0, 300, 3);
    private readonly Option<bool> _continuous = new("--continuous") { Description = "record all the time, in files of --max-clip seconds (events still stamp them); checks that each file begins with the frame after the last one's" };
    private readonly Option<double> _maxClip = CliOptions.Ranged("--max-clip", "seconds a file lasts at most (recording.maxClipSeconds)", 5.0, 3600, 60);
    private readonly Option<(int Width, int Height)?> _size = CliOptions.Size("--size", "size of the cameras' clips (default 1920x1080)");
    private readonly Option<string> _out = new("--out") { Description = "results folder", DefaultValueFactory = _ => "bench-results/recording" };

    public Command Command()
    {
        var c = new Command("recording", "Event clips from 4 cameras (2 × H.264, 2 × H.265 street footage, 30 frames/s) with a small quota filling up: every clip checked with ffprobe (keyframe start at or before track start − pre, codec kept, decodes to its end), each camera's folder sampled every second against its quota, announcements counted");
        _model.AddTo(c);
        foreach (Option o in new Option[] { _minutes, _quota, _pre, _post, _continuous, _maxClip, _size, _out }) c.Options.Add(o);
        return c;
    }

    public RecordingBenchArgs Bind(ParseResult r)
    {
        var (w, h) = r.GetValue(_size) ?? (1920, 1080);
        return new(_model.Bind(r), r.GetValue(_minutes), r.GetValue(_quota), r.GetValue(_pre), r.GetValue(_post), w, h, r.GetValue(_out)!,
            r.GetValue(_continuous), r.GetValue(_maxClip));
    }
}
