using RetinaNet.Edge.Toolkit.Labelling;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>retinanet-toolkit label</c>: a video auto-labelled by the COCO teacher as a COCO training set.</summary>
internal static class LabelCommand
{
    public static int Run(LabelRequest request)
    {
        Print(LabelRunner.Run(request, Console.Error));
        return 0;
    }

    public static void Print(LabelResult r)
    {
        var p = r.Report;
        Console.WriteLine($"labelled {r.FramesRead} frames in {r.Seconds:F0} s: {r.ImagesWritten} images, {r.Annotations} boxes written to {r.Annotation}");
        Console.WriteLine($"  teacher detections {p.Detections}; tracks kept {p.TracksKept}, dropped as flicker {p.TracksDropped} ({p.DetectionsDropped} detections); " +
                          $"boxes kept {p.BoxesKept} of which {p.BoxesFilled} filled across gaps");
    }
}
