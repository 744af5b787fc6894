using System.CommandLine;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Toolkit.Labelling;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>retinanet-toolkit label</c>: a video auto-labelled by the COCO teacher as a COCO training set.</summary>
internal static class LabelCommand
{
    public const string Usage = """
        label --teacher NANODET.onnx --video FILE --out DIR [--from N] [--to N] [--every N] [--classes a,b,...]
              the teacher (tools/teacher/nanodet_import.py) on every frame of [from, to); boxes that persist are kept
              (tracked: start ≥ --score, continue ≥ --keep-score, ≥ --min-frames frames, gaps ≤ --max-gap filled),
              flicker is dropped; DIR/annotations.json (COCO) + DIR/images + DIR/tracks.txt (MOT, track ids)
        """;

    public static Command Command(Func<Func<int>, int> guard)
    {
        var teacher = CliOptions.Text("--teacher", "teacher ONNX (tools/teacher/nanodet_import.py)", required: true);
        var video = CliOptions.Text("--video", "video file", required: true);
        var output = CliOptions.Text("--out", "output folder", required: true);
        var from = CliOptions.Ranged("--from", "first frame (0-based)", 0, int.MaxValue, 0);
        var to = CliOptions.Ranged("--to", "end frame, exclusive (0: the end)", 0, int.MaxValue, 0);
        var every = CliOptions.Ranged("--every", "write every Nth frame as an image", 1, 100_000, 1);
        var classes = CliOptions.Text("--classes", $"COCO classes to keep, comma-separated (default {string.Join(",", StreetClasses.Default)})");
        var score = CliOptions.Ranged("--score", "teacher score that starts a track", 0.01, 1, 0.5);
        var keepScore = CliOptions.Ranged("--keep-score", "teacher score that continues a track", 0.01, 1, 0.3);
        var minFrames = CliOptions.Ranged("--min-frames", "frames a track needs to be kept", 1, 10_000, 5);
        var maxGap = CliOptions.Ranged("--max-gap", "frames a track may be unseen (filled by interpolation)", 0, 1000, 5);
        var c = ToolkitCommands.Command("label", "Auto-label a video with the COCO teacher (COCO json)", Usage,
            teacher, video, output, from, to, every, classes, score, keepScore, minFrames, maxGap);
        c.SetAction(r => guard(() =>
        {
            var names = r.GetValue(classes) is { } s ? s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : StreetClasses.Default;
            var filter = new PersistenceSettings((float)r.GetValue(score), (float)r.GetValue(keepScore), MinFrames: r.GetValue(minFrames), MaxGap: r.GetValue(maxGap));
            if (filter.KeepScore > filter.StartScore) throw new ArgumentException($"--keep-score {filter.KeepScore} is above --score {filter.StartScore}");
            var result = LabelRunner.Run(new LabelRequest(r.GetValue(teacher)!, r.GetValue(video)!, r.GetValue(output)!, r.GetValue(from), r.GetValue(to),
                r.GetValue(every), names, filter), Console.Error);
            Print(result);
            return 0;
        }));
        return c;
    }

    public static void Print(LabelResult r)
    {
        var p = r.Report;
        Console.WriteLine($"labelled {r.FramesRead} frames in {r.Seconds:F0} s: {r.ImagesWritten} images, {r.Annotations} boxes written to {r.Annotation}");
        Console.WriteLine($"  teacher detections {p.Detections}; tracks kept {p.TracksKept}, dropped as flicker {p.TracksDropped} ({p.DetectionsDropped} detections); " +
                          $"boxes kept {p.BoxesKept} of which {p.BoxesFilled} filled across gaps");
    }
}
