using System.CommandLine;
using System.Globalization;

namespace RetinaNet.Edge.Hosting;

/// <summary><c>demo-video</c>'s values, typed.</summary>
internal sealed record DemoVideoArgs(string Folder, double Seconds, int Seed);

/// <summary><c>demo-video</c>'s command line.</summary>
internal sealed class DemoVideoCli : ICommandLine<DemoVideoArgs>
{
    private readonly Argument<string> _folder = new("DIR") { Description = "output folder" };
    private readonly Argument<double> _seconds = Seconds();
    private readonly Option<int> _seed = CliOptions.Ranged("--seed", "random seed of the scene (objects, paths, occluders)", int.MinValue, int.MaxValue, 2026);

    public Command Command() => new("demo-video", "Render the synthetic demo video (shapes over a real scene, with ground truth)") { _folder, _seconds, _seed };

    private static Argument<double> Seconds()
    {
        var a = new Argument<double>("SECONDS") { Description = "length; 1–3600", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => 60 };
        a.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<double>();
            if (!double.IsFinite(v) || v < 1 || v > 3600) r.AddError($"SECONDS: {v.ToString(CultureInfo.InvariantCulture)} must be a number in 1–3600");
        });
        return a;
    }

    public DemoVideoArgs Bind(ParseResult r) => new(r.GetValue(_folder)!, r.GetValue(_seconds), r.GetValue(_seed));
}
