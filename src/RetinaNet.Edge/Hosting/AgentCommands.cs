using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace RetinaNet.Edge.Hosting;

/// <summary>The agent's command line (System.CommandLine): every command and option declared once, typed and range
/// checked, with <c>--help</c> on each command and <c>--version</c>. Nothing runs before the whole command line is
/// valid, and no command needs a configuration file to show its help.</summary>
internal static class AgentCommands
{
    public static readonly Option<string> Config = new("--config")
    {
        Description = "agent.json (default: $RETINANET_EDGE_CONFIG, else config/agent.json)",
    };

    public static RootCommand Build(Func<string, ParseResult, CancellationToken, Task<int>> handler)
    {
        var root = new RootCommand("RetinaNet.Edge: real-time RetinaNet video analytics agent (runs the agent when no command is given)") { Config };
        root.SetAction((r, ct) => handler("run", r, ct));

        var run = new Command("run", "Run the agent (what the systemd unit starts)") { Config };
        run.SetAction((r, ct) => handler("run", r, ct));
        var validate = new Command("validate", "Check the configuration, its files and the model without running; exit 2 names every problem") { Config };
        validate.SetAction((r, ct) => handler("validate", r, ct));

        var detect = new Command("detect", "A model's raw detections on images, folders or videos, as JSON lines (and annotated JPEGs)");
        AddModelOptions(detect);
        detect.Options.Add(Number<int>("--every", "videos: every Nth frame (default 1)", 1, 1_000_000));
        detect.Options.Add(new Option<string>("--annotate") { Description = "write annotated JPEGs into this folder" });
        detect.Options.Add(new Option<string>("--out") { Description = "write the JSON lines to this file (default: standard output)" });
        detect.Arguments.Add(new Argument<string[]>("INPUT") { Arity = ArgumentArity.OneOrMore, Description = "image files, folders of images, or video files" });
        detect.SetAction((r, ct) => handler("detect", r, ct));

        var eval = new Command("eval", "Accuracy: COCO AP of a model, MOT metrics of the whole pipeline");
        var coco = new Command("coco", "COCO AP on a COCO-json set with the agent's preprocessing and decoding");
        AddModelOptions(coco);
        coco.Options.Add(new Option<string>("--data") { Description = "COCO annotations JSON (images beside it)", Required = true });
        coco.Options.Add(new Option<string>("--out") { Description = "also write the figures as JSON into this folder" });
        coco.SetAction((r, ct) => handler("eval coco", r, ct));
        var mot = new Command("mot", "MOT metrics of the agent pipeline on a video with MOTChallenge ground truth")
        {
            new Option<string>("--model") { Description = "ONNX model", Required = true },
            new Option<string>("--video") { Description = "folder with video.avi and gt/gt.txt", Required = true },
            new Option<bool>("--rtsp") { Description = "stream the video through a local gst-rtsp-server" },
            Number<float>("--min-visibility", "ground-truth boxes less visible than this are ignored (default 0.3)", 0, 1),
            new Option<string>("--out") { Description = "also write the figures as JSON into this folder" },
        };
        mot.SetAction((r, ct) => handler("eval mot", r, ct));
        eval.Subcommands.Add(coco);
        eval.Subcommands.Add(mot);

        var bench = new Command("bench", "Speed: the full pipeline on synthetic cameras against three ceilings (inference, sequential loop, decode)");
        AddModelOptions(bench);
        bench.Options.Add(new Option<string>("--video") { Description = "video file (default: a synthetic one)" });
        bench.Options.Add(Number<int>("--cameras", "cameras (default 2)", 1, 64));
        bench.Options.Add(Number<double>("--seconds", "measuring time (default 20)", 1, 86_400));
        bench.Options.Add(new Option<bool>("--paced") { Description = "read files at their frame rate" });
        bench.Options.Add(Number<double>("--detect-fps", "detections per second per camera", 0.1, 1000));
        bench.Options.Add(new Option<bool>("--sweep") { Description = "cameras 1, 2, 4, 8, 16 at 5 detect-fps, paced" });
        bench.Options.Add(new Option<bool>("--mjpeg") { Description = "CPU cost of one watched MJPEG live view" });
        bench.Options.Add(new Option<string>("--out") { Description = "results folder (default bench-results)" });
        bench.SetAction((r, ct) => handler("bench", r, ct));
        var outbox = new Command("outbox", "The MQTT outbox against a local mosquitto: append rate, delivery latency, outage recovery")
        {
            Number<double>("--outage-seconds", "broker outage of the soak (default 600; 0 skips it)", 0, 86_400),
            Number<double>("--rate", "events per second during the soak (default 15)", 0.01, 100_000),
            Number<int>("--events", "events per append measurement (default 20000)", 1, 10_000_000),
            new Option<string>("--folder") { Description = "where the outbox files go (default: a temp folder)" },
        };
        outbox.SetAction((r, ct) => handler("bench outbox", r, ct));
        bench.Subcommands.Add(outbox);
        var capture = new Command("capture", "What one real camera costs: the decoder alone, the capture path, inference alone and the whole agent, in cores (decoder children included)");
        AddModelOptions(capture);
        capture.Options.Add(new Option<string>("--video") { Description = "video file (default: a clip made with ffmpeg from the demo video)" });
        capture.Options.Add(new Option<string>("--codec") { Description = "libx264 (default) or libx265" });
        capture.Options.Add(new Option<string>("--size") { Description = "WIDTHxHEIGHT (default 1920x1080)" });
        capture.Options.Add(Number<int>("--fps", "frame rate of the clip (default 30)", 1, 240));
        capture.Options.Add(new Option<bool>("--all") { Description = "H.264 1080p30, H.265 1080p30 and H.264 2160p15" });
        capture.Options.Add(new Option<string>("--decoder") { Description = "ffmpeg (default) or gstreamer" });
        capture.Options.Add(Number<double>("--detect-fps", "detections per second (default 5)", 0.1, 240));
        capture.Options.Add(Number<double>("--seconds", "measuring window (default 20)", 1, 86_400));
        capture.Options.Add(Number<double>("--warmup", "the whole agent's warm-up before its window (default 60: methods called 5 times a second reach .NET's optimised tier in about a minute)", 0, 3600));
        capture.Options.Add(new Option<bool>("--sweep") { Description = "also: cameras of the 1080p clip the box carries in real time" });
        capture.Options.Add(new Option<bool>("--live") { Description = "also: what 1 and 10 browser live views and 1 MJPEG view of the camera cost" });
        capture.Options.Add(new Option<string>("--out") { Description = "results folder (default bench-results)" });
        capture.SetAction((r, ct) => handler("bench capture", r, ct));
        bench.Subcommands.Add(capture);

        var demo = new Command("demo-video", "Render the synthetic demo video (shapes over a real scene, with ground truth)")
        {
            new Argument<string>("DIR") { Description = "output folder" },
            NumberArgument<double>("SECONDS", "length (default 60)", 1, 3600),
        };
        demo.SetAction((r, ct) => handler("demo-video", r, ct));

        var help = new Command("help", "Show help for the agent or one of its commands")
        {
            new Argument<string[]>("COMMAND") { Arity = ArgumentArity.ZeroOrMore, Description = "e.g. detect, or eval coco" },
        };
        help.SetAction((r, ct) => handler("help", r, ct));

        foreach (var c in new[] { run, validate, detect, eval, bench, demo, help }) root.Subcommands.Add(c);
        return root;
    }

    private static void AddModelOptions(Command command)
    {
        command.Options.Add(new Option<string>("--config") { Description = "take the model options from this agent.json" });
        command.Options.Add(new Option<string>("--model") { Description = "ONNX model (or model.path of --config)" });
        command.Options.Add(new Option<string>("--layout") { Description = "A (ODTK/zoo), B (torchvision), C (end-to-end)" }.AcceptOnlyFromAmong("A", "B", "C"));
        command.Options.Add(new Option<string>("--labels") { Description = "label file, one name per line" });
        command.Options.Add(Number<float>("--score-threshold", "decode threshold (default 0.05)", 0, 1));
        command.Options.Add(Number<float>("--nms", "class-wise NMS IoU (default 0.5)", 0, 1));
        command.Options.Add(Number<int>("--max-detections", "per image (default 100)", 1, 10_000));
        command.Options.Add(Number<int>("--top-k", "candidates per pyramid level (default 1000)", 1, 100_000));
        command.Options.Add(new Option<string>("--resize") { Description = "letterbox (default) or stretch" }.AcceptOnlyFromAmong("letterbox", "stretch"));
        command.Options.Add(new Option<string>("--providers") { Description = "execution providers in order, e.g. cuda,cpu (default cpu)" });
        command.Options.Add(new Option<string>("--intra-op-spinning") { Description = "ONNX Runtime's idle threads spin (on) or sleep (off, the agent's default)" }.AcceptOnlyFromAmong("on", "off"));
    }

    /// <summary>A numeric option given as text and range-checked by its own parse, so that a malformed number is a
    /// usage error (exit 2) and never an exception.</summary>
    private static Option<string> Number<T>(string name, string description, T min, T max) where T : INumber<T>, IParsable<T>
    {
        var o = new Option<string>(name) { Description = $"{description}; {min}–{max}" };
        o.Validators.Add(r =>
        {
            if (r.Tokens.Count == 0) return;
            var text = r.Tokens[0].Value;
            if (!T.TryParse(text, CultureInfo.InvariantCulture, out var v)) r.AddError($"{name}: \"{text}\" is not a {(typeof(T) == typeof(int) ? "whole number" : "number")}");
            else if (!T.IsFinite(v) || v < min || v > max) r.AddError($"{name}: {text} is out of range {min}–{max}");
        });
        return o;
    }

    private static Argument<string> NumberArgument<T>(string name, string description, T min, T max) where T : INumber<T>, IParsable<T>
    {
        var a = new Argument<string>(name) { Description = $"{description}; {min}–{max}", Arity = ArgumentArity.ZeroOrOne };
        a.Validators.Add(r =>
        {
            if (r.Tokens.Count == 0) return;
            var text = r.Tokens[0].Value;
            if (!T.TryParse(text, CultureInfo.InvariantCulture, out var v) || !T.IsFinite(v) || v < min || v > max) r.AddError($"{name}: \"{text}\" must be a number in {min}–{max}");
        });
        return a;
    }

    /// <summary>The given options of the parsed command as name → text ("" for a flag), for the command implementations.</summary>
    public static Dictionary<string, string> Options(ParseResult r)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in r.CommandResult.Children.OfType<OptionResult>())
        {
            if (child.Implicit) continue;
            var name = child.Option.Name.TrimStart('-');
            if (child.Option is Option<bool>) { if (child.GetValueOrDefault<bool>()) d[name] = ""; }
            else d[name] = child.Tokens.Count > 0 ? child.Tokens[0].Value : "";
        }
        return d;
    }

    /// <summary>The values of the parsed command's arguments, in order.</summary>
    public static List<string> Arguments(ParseResult r)
    {
        var list = new List<string>();
        foreach (var child in r.CommandResult.Children.OfType<ArgumentResult>())
            list.AddRange(child.Tokens.Select(t => t.Value));
        return list;
    }
}
