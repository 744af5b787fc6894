using OpenCvSharp;
using RetinaNet.Edge.Vision.Data;

namespace RetinaNet.Edge.Toolkit.Quantization;

/// <summary>Calibration frames: a folder of images (recursively), a COCO json's images, or a video (frames spread
/// evenly over it). At most <c>count</c>, taken evenly from the whole set so that a sorted folder is not biased.</summary>
internal static class CalibrationImages
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp"];

    public static IEnumerable<Mat> Load(string source, int count)
    {
        if (Directory.Exists(source))
            return Spread(Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
                .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToList(), count).Select(Read);
        if (!File.Exists(source)) throw new FileNotFoundException($"calibration data {source}: no such file or folder");
        if (source.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(source))!;
            var files = CocoDataset.Load(source).Images.Select(i => File.Exists(Path.Combine(dir, i.FileName)) ? Path.Combine(dir, i.FileName) : Path.Combine(dir, "images", i.FileName)).ToList();
            return Spread(files, count).Select(Read);
        }
        return VideoFrames(source, count);
    }

    private static List<string> Spread(List<string> files, int count)
    {
        if (files.Count == 0) throw new InvalidDataException("calibration data: no images found");
        if (files.Count <= count) return files;
        return [.. Enumerable.Range(0, count).Select(i => files[(int)((long)i * files.Count / count)])];
    }

    private static Mat Read(string file)
    {
        var m = Cv2.ImRead(file, ImreadModes.Color);
        if (m.Empty()) { m.Dispose(); throw new InvalidDataException($"calibration image {file}: not a readable image"); }
        return m;
    }

    private static IEnumerable<Mat> VideoFrames(string video, int count)
    {
        using var cap = new VideoCapture(video);
        if (!cap.IsOpened()) throw new InvalidDataException($"calibration data {video}: neither an image folder, a COCO json nor a readable video");
        int total = Math.Max(1, (int)cap.Get(VideoCaptureProperties.FrameCount));
        int step = Math.Max(1, total / count), index = 0, taken = 0;
        var frame = new Mat();
        try
        {
            while (taken < count && cap.Read(frame) && !frame.Empty())
            {
                if (index++ % step != 0) continue;
                taken++;
                yield return frame.Clone();
            }
        }
        finally { frame.Dispose(); }
    }
}
