using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using RetinaNet.Edge.Toolkit.Cli;
using RetinaNet.Edge.Toolkit.Import;
using RetinaNet.Edge.Toolkit.Labelling;
using RetinaNet.Edge.Toolkit.Training;
using RetinaNet.Edge.Vision.Evaluation;

namespace RetinaNet.Edge.Toolkit.Adaptation;

/// <summary>One command for a user's own camera: record (or take a recording) → split in time (the tail held out)
/// → teacher labels with the persistence filter → fine-tune from the shipped model → float and int8 ONNX →
/// AP of the shipped and the adapted model on the held-out tail → <c>report.md</c>. Every step writes into the
/// output folder, so a run can be inspected (labels, checkpoints) and its models used as they are.</summary>
internal sealed class AdaptRunner(AdaptRequest request, TextWriter log)
{
    public sealed record Report(int Frames, int Split, LabelResult Train, LabelResult Heldout, CocoMetrics Before, CocoMetrics After,
        string FloatModel, string Int8Model, double Seconds, IReadOnlyList<(string Step, double Seconds)> Steps);

    private readonly List<(string, double)> _steps = [];

    public Report Run()
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(request.Output);
        var video = Step("record", Source);
        int frames = CountFrames(video);
        int split = (int)Math.Floor(frames * (1 - request.Holdout));
        if (split < 2 || frames - split < 1) throw new InvalidDataException($"{video}: {frames} frames are too few to hold out {request.Holdout:P0}");
        int every = Math.Max(1, (int)Math.Ceiling(split / (double)request.MaxImages));
        log.WriteLine($"adapt: {frames} frames; training on [0, {split}) every {every}, holding out [{split}, {frames})");
        var train = Step("label", () => LabelRunner.Run(new LabelRequest(request.Teacher, video, Path.Combine(request.Output, "train"), 0, split, every, StreetClasses.Default, request.Filter), log));
        var heldout = Step("label held-out", () => LabelRunner.Run(new LabelRequest(request.Teacher, video, Path.Combine(request.Output, "heldout"), split, frames, every, StreetClasses.Default, request.Filter), log));

        var baseCheckpoint = Path.Combine(request.Output, "base");
        Step("import", () => ImportCommand.RunOnnx(request.BaseModel, baseCheckpoint));
        var before = Step("evaluate base", () => Evaluate(baseCheckpoint, heldout.Annotation));
        var runs = Path.Combine(request.Output, "runs");
        var trained = Step("fine-tune", () => new Trainer(new TrainOptions
        {
            TrainAnnotations = train.Annotation, OutputDirectory = runs, Init = baseCheckpoint, Epochs = request.Epochs, BatchSize = request.BatchSize,
            LearningRate = request.LearningRate, WarmupIterations = 20, Threads = request.Threads, MaxIterations = request.MaxIterations,
        }, log).Run(null));
        var after = Step("evaluate adapted", () => Evaluate(trained.CheckpointFolder, heldout.Annotation));

        var floatModel = Path.Combine(request.Output, "model.onnx");
        var int8Model = Path.Combine(request.Output, "model-int8.onnx");
        Step("export", () => ExportCommand.Run(ExportArgs.Float(trained.CheckpointFolder, floatModel)));
        Step("int8", () => QuantizeCommand.Run(new QuantizeArgs(floatModel, int8Model, new Quantization.QuantizeOptions(train.Annotation, request.CalibrationImages), ReduceClasses: false)));
        var report = new Report(frames, split, train, heldout, before, after, floatModel, int8Model, clock.Elapsed.TotalSeconds, _steps);
        File.WriteAllText(Path.Combine(request.Output, "report.md"), Markdown(report, video));
        return report;
    }

    private string Source()
    {
        if (request.Video is not null)
        {
            if (!File.Exists(request.Video)) throw new FileNotFoundException($"--video: file not found: {request.Video}");
            return request.Video;
        }
        var url = request.Stream ?? throw new ArgumentException("give --video FILE or --stream URL");
        var file = Path.Combine(request.Output, "recording.mkv");
        // The camera's own encoded video first (no re-encode). A stream joined mid-GOP with B-frames hands ffmpeg
        // packets without timestamps, which no container takes ("Can't write packet with unknown timestamp", seen with
        // tools/rtsp_server.py on a B-frame clip); then the recording is encoded once (it is training data only).
        var error = Record(url, file, ["-c:v", "copy"]);
        if (error is not null)
        {
            log.WriteLine($"adapt: the stream's own video could not be stored as it is ({FirstLine(error)}); encoding the recording instead");
            error = Record(url, file, ["-c:v", "libx264", "-preset", "veryfast", "-crf", "18"]);
        }
        if (error is not null) throw new InvalidDataException($"--stream {url}: recording failed: {FirstLine(error)}");
        return file;
    }

    /// <summary>Records <see cref="AdaptRequest.Minutes"/> of the stream; returns ffmpeg's complaint or null.</summary>
    private string? Record(string url, string file, string[] codec)
    {
        var args = new List<string> { "-loglevel", "error", "-y" };
        if (url.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase)) args.AddRange(["-rtsp_transport", "tcp"]);
        args.AddRange(["-i", url, "-t", (request.Minutes * 60).ToString("0.###", CultureInfo.InvariantCulture), "-an", .. codec, "-f", "matroska", file]);
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start ffmpeg");
        var error = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(request.Minutes + 2))) { p.Kill(true); return "ffmpeg did not finish recording"; }
        return p.ExitCode == 0 && File.Exists(file) && new FileInfo(file).Length > 0 ? null : error.Trim();
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static int CountFrames(string video)
    {
        using var capture = new VideoCapture(video);
        if (!capture.IsOpened()) throw new InvalidDataException($"{video} cannot be opened as a video");
        int n = 0;
        using var frame = new Mat();
        while (capture.Grab()) n++;
        return n;
    }

    private CocoMetrics Evaluate(string checkpoint, string annotations)
    {
        var data = new DetectionDataset(annotations);
        var (model, _) = Checkpoint.Load(checkpoint);
        using (model)
        {
            var (metrics, _) = ModelEvaluator.Evaluate(model, data);
            log.WriteLine($"  {Path.GetFileName(checkpoint)} on the held-out tail: {metrics}");
            return metrics;
        }
    }

    private T Step<T>(string name, Func<T> action)
    {
        var clock = Stopwatch.StartNew();
        log.WriteLine($"adapt: {name}");
        var result = action();
        _steps.Add((name, clock.Elapsed.TotalSeconds));
        return result;
    }

    private static string Markdown(Report r, string video) => string.Join('\n',
    [
        $"# adapt report — {Path.GetFileName(video)}",
        "",
        $"- frames: {r.Frames}; trained on [0, {r.Split}) ({r.Train.ImagesWritten} images, {r.Train.Annotations} boxes), held out [{r.Split}, {r.Frames}) ({r.Heldout.ImagesWritten} images, {r.Heldout.Annotations} boxes)",
        $"- teacher labels (train): {r.Train.Report.TracksKept} tracks kept, {r.Train.Report.TracksDropped} dropped as flicker, {r.Train.Report.BoxesFilled} boxes filled across gaps",
        $"- held-out AP is measured against the teacher's filtered labels, not hand-checked boxes",
        "",
        "| model | AP50 | AP | AR100 |",
        "|---|---|---|---|",
        $"| shipped | {r.Before.Ap50:F3} | {r.Before.Ap:F3} | {r.Before.Ar100:F3} |",
        $"| adapted | {r.After.Ap50:F3} | {r.After.Ap:F3} | {r.After.Ar100:F3} |",
        "",
        $"Models: `{r.FloatModel}` ({new FileInfo(r.FloatModel).Length / 1e6:F1} MB), `{r.Int8Model}` ({new FileInfo(r.Int8Model).Length / 1e6:F1} MB).",
        $"Check the int8 file with: `retinanet-edge eval coco --model {r.Int8Model} --data {r.Heldout.Annotation}`",
        "",
        $"Time: {r.Seconds / 60:F1} min (" + string.Join(", ", r.Steps.Select(s => $"{s.Step} {s.Seconds:F0} s")) + ")",
        "",
    ]);
}
