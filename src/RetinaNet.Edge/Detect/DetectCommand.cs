using Microsoft.Extensions.Logging;
using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Inference;

namespace RetinaNet.Edge.Detect;

/// <summary><c>retinanet-edge detect</c>: a model's raw detections on images, folders of images or videos (every Nth
/// frame), as JSON lines with full-precision boxes, scores, label names and class ids, plus optional annotated JPEGs.
/// Check a model before deploying it: the same model options and decoding as the agent.</summary>
internal static class DetectCommand
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"];

    /// <summary>The command line as <c>retinanet-edge detect …</c> takes it; a usage error throws
    /// <see cref="ArgumentException"/> (tests, scripts).</summary>
    public static int Run(string[] args, ILoggerFactory? loggers = null)
    {
        var cli = new DetectCli();
        var parsed = cli.Command().Parse(args);
        if (parsed.Errors.Count > 0) throw new ArgumentException(string.Join("; ", parsed.Errors.Select(e => e.Message)) + "\nsee: retinanet-edge detect --help");
        return Run(cli.Bind(parsed), loggers);
    }

    public static int Run(DetectArgs a, ILoggerFactory? loggers = null)
    {
        var sources = Expand(a.Inputs);
        var model = a.Model.Resolve();
        if (a.Annotate is not null) Directory.CreateDirectory(a.Annotate);

        var logger = (loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger("RetinaNet.Edge.Detect");
        using var detector = RetinaNet.Edge.Hosting.ToolHost.Detector(ToolHost.ToolConfig(model, [], "detect"), logger);
        var m = detector.Model;
        Console.Error.WriteLine($"model {m.Path}: layout {m.Layout}, {m.Labels.Count} classes ({string.Join(", ", m.Labels.Take(6))}{(m.Labels.Count > 6 ? ", …" : "")}), " +
            $"input {m.InputWidth}x{m.InputHeight}{(m.DynamicBatch ? " (dynamic batch)" : "")}, provider {detector.ExecutionProvider.Name()}, resize {model.Model.Resize.ToString().ToLowerInvariant()}, " +
            $"score ≥ {m.Decoder.ScoreThreshold}, NMS {m.Decoder.NmsThreshold}, top {m.Decoder.TopKPerLevel} per level, at most {m.Decoder.MaxDetections}");

        using var output = a.Out is { } outFile ? File.Create(outFile) : Console.OpenStandardOutput();
        using var writer = new DetectionWriter(output, m.Labels);
        using var pool = new FramePool();
        var frame = pool.Rent();
        long images = 0, detections = 0;
        foreach (var (path, isVideo) in sources)
        {
            foreach (var index in isVideo ? VideoFrames(path, a.Every, frame.Image) : ImageFrame(path, frame.Image))
            {
                detector.Detect([frame], (_, dets) =>
                {
                    writer.Write(path, isVideo ? index : null, frame.Image.Width, frame.Image.Height, dets);
                    detections += dets.Length;
                    if (a.Annotate is { } annotate) Annotator.Save(frame.Image, dets, m.Labels, AnnotatedPath(annotate, path, isVideo ? index : null));
                });
                images++;
            }
        }
        Console.Error.WriteLine($"{images} images, {detections} detections");
        return 0;
    }

    /// <summary>Files and folders (their images, sorted), each checked before the model is loaded.</summary>
    private static List<(string Path, bool IsVideo)> Expand(IEnumerable<string> inputs)
    {
        var list = new List<(string, bool)>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var files = Directory.GetFiles(input).Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToList();
                if (files.Count == 0) throw new ArgumentException($"{input}: no images (jpg, png, bmp, webp, tif) in this folder");
                list.AddRange(files.Select(f => (f, false)));
            }
            else if (File.Exists(input)) list.Add((input, !ImageExtensions.Contains(Path.GetExtension(input).ToLowerInvariant())));
            else throw new ArgumentException($"{input}: no such file or folder");
        }
        return list;
    }

    private static IEnumerable<long?> ImageFrame(string path, Mat into)
    {
        using (var image = Cv2.ImRead(path, ImreadModes.Color))
        {
            if (image.Empty()) throw new InvalidDataException($"{path}: not an image OpenCV can read");
            image.CopyTo(into);
        }
        yield return null;
    }

    private static IEnumerable<long?> VideoFrames(string path, int every, Mat into)
    {
        using var capture = new VideoCapture(path);
        if (!capture.IsOpened()) throw new InvalidDataException($"{path}: not a video or image OpenCV can read");
        for (long index = 0; capture.Read(into) && !into.Empty(); index++)
            if (index % every == 0) yield return index;
    }

    private static string AnnotatedPath(string folder, string source, long? frame) =>
        Path.Combine(folder, Path.GetFileNameWithoutExtension(source) + (frame is { } f ? $"-{f:D6}" : "") + ".jpg");
}
