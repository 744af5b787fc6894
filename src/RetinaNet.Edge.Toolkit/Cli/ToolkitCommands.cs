using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary>The toolkit's command line (System.CommandLine, as the agent's): every command and option declared once,
/// typed and range-checked before anything runs, <c>--help</c> everywhere, <c>--version</c>.</summary>
internal static class ToolkitCommands
{
    public static RootCommand Build(Func<string, Args, int> handler)
    {
        var root = new RootCommand("retinanet-toolkit: build, train, export, import and measure RetinaNet models");
        Command Cmd(string name, string description, string usage, params Symbol[] symbols)
        {
            var c = new Command(name, description + "\n\n" + usage.TrimEnd());
            foreach (var s in symbols)
            {
                if (s is Option o) c.Options.Add(o);
                else if (s is Argument a) c.Arguments.Add(a);
            }
            c.SetAction(r => handler(name, new Args(Tokens(r))));
            root.Subcommands.Add(c);
            return c;
        }
        Cmd("synth", "Synthetic COCO data set or MOT video", SynthCommand.Usage,
            Text("--out", required: true), Flag("--video"), Int("--count", 1, 10_000_000), Int("--seed", int.MinValue, int.MaxValue), Size("--size"),
            Int("--min-size", 1, 100_000), Int("--max-size", 1, 100_000), Int("--max-objects", 0, 10_000), Real("--truncated", 0, 1), Real("--fps", 0.1, 1000),
            Real("--seconds", 0.1, 86_400), Int("--objects", 0, 10_000));
        Cmd("train", "Train on COCO-format data with focal loss", TrainCommand.Usage,
            Text("--data", required: true), Text("--out", required: true), Text("--val"), Text("--preset"), Size("--size"), Int("--epochs", 1, 100_000),
            Int("--batch", 1, 4096), Real("--lr", 1e-9, 10), Int("--warmup", 0, 10_000_000), Int("--seed", int.MinValue, int.MaxValue), Int("--threads", 1, 1024),
            Text("--resume"), Int("--max-iterations", 0, int.MaxValue), Text("--init"));
        Cmd("export", "A checkpoint (or an untrained preset) as ONNX", ExportCommand.Usage,
            Text("--out", required: true), Text("--checkpoint"), Flag("--untrained"), Text("--preset"), Int("--classes", 1, 100_000), Size("--size"),
            Int("--seed", int.MinValue, int.MaxValue), Choice("--precision", "float32", "float16", "int8", "int8-static"), Text("--calibration"),
            Int("--images", 1, 100_000), Choice("--method", "minmax", "percentile", "entropy"), Flag("--full-class-maps"));
        Cmd("evaluate", "COCO AP of a checkpoint", EvaluateCommand.Usage,
            Text("--checkpoint", required: true), Text("--data", required: true), Int("--threads", 1, 1024));
        Cmd("floor", "CPU latency of a model against its FLOPs and the sgemm rate", FloorCommand.Usage,
            Text("--model", required: true), Int("--runs", 1, 100_000), Text("--out"));
        Cmd("quantize", "Static int8 (QDQ) of a float ONNX model, calibrated on frames", QuantizeCommand.Usage,
            Text("--model", required: true), Text("--calibration", required: true), Text("--out", required: true), Int("--images", 1, 100_000),
            Choice("--method", "minmax", "percentile", "entropy"), Flag("--quantize-heads"), Flag("--reduce-classes"));
        Cmd("import", "torchvision RetinaNet weights as a toolkit checkpoint", ImportCommand.Usage,
            Text("--weights", required: true), Text("--out", required: true), Size("--size"));
        var help = new Command("help", "Show help for the toolkit or one of its commands") { new Argument<string[]>("COMMAND") { Arity = ArgumentArity.ZeroOrMore } };
        help.SetAction(r => Build(handler).Parse([.. r.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens.Select(t => t.Value)), "--help"]).Invoke());
        root.Subcommands.Add(help);
        return root;
    }

    private static Option<string> Text(string name, bool required = false) => new(name) { Required = required };
    private static Option<bool> Flag(string name) => new(name);

    private static Option<string> Choice(string name, params string[] values) => new Option<string>(name) { Description = string.Join("|", values) }.AcceptOnlyFromAmong(values);

    private static Option<string> Int(string name, int min, int max) => Ranged(name, min, max);
    private static Option<string> Real(string name, double min, double max) => Ranged(name, min, max);

    private static Option<string> Ranged<T>(string name, T min, T max) where T : INumber<T>, IParsable<T>
    {
        var o = new Option<string>(name) { Description = $"{min}–{max}" };
        o.Validators.Add(r =>
        {
            if (r.Tokens.Count == 0) return;
            var text = r.Tokens[0].Value;
            if (!T.TryParse(text, CultureInfo.InvariantCulture, out var v) || !T.IsFinite(v) || v < min || v > max)
                r.AddError($"{name}: \"{text}\" must be a {(typeof(T) == typeof(int) ? "whole number" : "number")} in {min}–{max}");
        });
        return o;
    }

    private static Option<string> Size(string name)
    {
        var o = new Option<string>(name) { Description = "WIDTHxHEIGHT, e.g. 640x480" };
        o.Validators.Add(r =>
        {
            if (r.Tokens.Count == 0) return;
            var p = r.Tokens[0].Value.Split('x');
            if (p.Length != 2 || !int.TryParse(p[0], CultureInfo.InvariantCulture, out var w) || !int.TryParse(p[1], CultureInfo.InvariantCulture, out var h) || w is < 16 or > 8192 || h is < 16 or > 8192)
                r.AddError($"{name}: \"{r.Tokens[0].Value}\" must be WIDTHxHEIGHT, each 16–8192");
        });
        return o;
    }

    /// <summary>The given options as "--name value" / "--flag" tokens for <see cref="Args"/>.</summary>
    private static List<string> Tokens(ParseResult r)
    {
        var tokens = new List<string>();
        foreach (var child in r.CommandResult.Children.OfType<OptionResult>())
        {
            if (child.Implicit) continue;
            if (child.Option is Option<bool>) { if (child.GetValueOrDefault<bool>()) tokens.Add(child.Option.Name); continue; }
            tokens.Add(child.Option.Name);
            tokens.AddRange(child.Tokens.Select(t => t.Value));
        }
        return tokens;
    }
}
