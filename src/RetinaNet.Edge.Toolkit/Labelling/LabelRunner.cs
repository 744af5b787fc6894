using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using RetinaNet.Edge.Vision.Data;

namespace RetinaNet.Edge.Toolkit.Labelling;

/// <summary>What <c>label</c> is asked: the teacher, the video, the frame range [From, To) (To 0: to the end), every
/// how many frames an image is written, the classes and the filter.</summary>
internal sealed record LabelRequest(string Teacher, string Video, string Output, int From, int To, int Every, string[] Classes, PersistenceSettings Filter);

internal sealed record LabelResult(int FramesRead, int ImagesWritten, int Annotations, PersistenceReport Report, double Seconds, string Annotation);

/// <summary>Auto-labelling: the teacher on every frame of the range, the persistence filter over the whole range,
/// then images (JPEG) of every <c>Every</c>-th frame with their kept boxes as COCO json (<c>annotations.json</c>),
/// and every kept box with its track id as MOTChallenge text (<c>tracks.txt</c>, frame = video frame + 1).</summary>
internal static class LabelRunner
{
    public static LabelResult Run(LabelRequest request, TextWriter log)
    {
        if (!File.Exists(request.Video)) throw new FileNotFoundException($"--video: file not found: {request.Video}");
        var keep = StreetClasses.Map(request.Classes);
        using var teacher = new NanoDetTeacher(request.Teacher);
        using var capture = new VideoCapture(request.Video);
        if (!capture.IsOpened()) throw new InvalidDataException($"--video: {request.Video} cannot be opened as a video");
        int total = capture.FrameCount;
        int end = total > 0 ? total : int.MaxValue; // a stream-like file may not know its length
        int to = request.To > 0 ? Math.Min(request.To, end) : end;
        var filter = new PersistenceFilter(request.Filter);
        var imagesDir = Path.Combine(request.Output, "images");
        Directory.CreateDirectory(imagesDir);
        var clock = Stopwatch.StartNew();
        using var frame = new Mat();
        var written = new List<CocoImage>();
        int index = 0, read = 0;
        while (index < to && capture.Read(frame) && !frame.Empty())
        {
            if (index >= request.From)
            {
                filter.Add(index, teacher.Detect(frame, keep, request.Filter.KeepScore));
                read++;
                if ((index - request.From) % request.Every == 0)
                {
                    var name = $"frame_{index:D6}.jpg";
                    Cv2.ImWrite(Path.Combine(imagesDir, name), frame, new ImageEncodingParam(ImwriteFlags.JpegQuality, 95));
                    written.Add(new CocoImage { Id = index + 1, FileName = "images/" + name, Width = frame.Width, Height = frame.Height });
                }
                if (read % 100 == 0) log.WriteLine($"label: {read} frames, {clock.Elapsed.TotalSeconds:F0} s");
            }
            index++;
        }
        if (read == 0) throw new InvalidDataException($"--video: {request.Video} has no frame in [{request.From}, {to})");
        var (boxes, report) = filter.Finish();
        var coco = new CocoDataset
        {
            Info = new CocoInfo { Description = $"auto-labelled by retinanet-toolkit label: teacher {Path.GetFileName(request.Teacher)}, video {Path.GetFileName(request.Video)} frames [{request.From}, {index})", Version = "1" },
            Images = written,
            Categories = [.. request.Classes.Select((c, i) => new CocoCategory { Id = i + 1, Name = c })],
        };
        var imageIds = written.Select(w => w.Id).ToHashSet();
        long annId = 1;
        foreach (var b in boxes)
        {
            if (!imageIds.Contains(b.Frame + 1)) continue;
            coco.Annotations.Add(new CocoAnnotation
            {
                Id = annId++, ImageId = b.Frame + 1, CategoryId = b.Class + 1,
                Bbox = [b.Box.X1, b.Box.Y1, b.Box.Width, b.Box.Height], Area = b.Box.Area,
            });
        }
        var annotation = Path.Combine(request.Output, "annotations.json");
        coco.Save(annotation);
        using (var mot = new StreamWriter(Path.Combine(request.Output, "tracks.txt")))
        {
            foreach (var b in boxes)
                mot.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{b.Frame + 1},{b.TrackId},{b.Box.X1:F2},{b.Box.Y1:F2},{b.Box.Width:F2},{b.Box.Height:F2},1,{b.Class + 1},1"));
        }
        return new LabelResult(read, written.Count, coco.Annotations.Count, report, clock.Elapsed.TotalSeconds, annotation);
    }
}
