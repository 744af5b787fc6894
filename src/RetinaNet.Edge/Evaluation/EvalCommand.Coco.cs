using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Vision.Data;
using RetinaNet.Edge.Vision.Evaluation;

namespace RetinaNet.Edge.Evaluation;

internal static partial class EvalCommand
{
    /// <summary>COCO AP of the model on a COCO-json set, with the agent's preprocessing and decoding.</summary>
    public static CocoMetrics Coco(string model, string annotations) => Coco(ToolModel.Of(model), annotations);

    /// <summary>As above with the model options of <c>--config</c> or the command line.</summary>
    public static CocoMetrics Coco(ToolModel model, string annotations)
    {
        var (data, results) = CocoResults(model, annotations);
        return CocoEvaluator.Evaluate(data, results);
    }

    /// <summary>The ground truth and the model's detections on its images, as COCO results.</summary>
    public static (CocoDataset Data, List<CocoResult> Results) CocoResults(ToolModel model, string annotations)
    {
        var data = CocoDataset.Load(annotations);
        var root = Path.GetDirectoryName(annotations)!;
        using var detector = RetinaNet.Edge.Hosting.ToolHost.Detector(ToolHost.ToolConfig(model, [], "eval"), NullLogger.Instance);
        var categories = data.Categories.OrderBy(c => c.Id).ToList();
        // Model class k ↔ the category with the same name, else the k-th category by id (the toolkit's convention).
        var byName = categories.ToDictionary(c => c.Name, c => c.Id);
        int[] map = detector.Model.Labels.Select((l, k) => byName.TryGetValue(l, out var id) ? id : k < categories.Count ? categories[k].Id : -1).ToArray();
        var results = new List<CocoResult>();
        using var pool = new FramePool();
        var frame = pool.Rent();
        foreach (var img in data.Images)
        {
            using (var m = Cv2.ImRead(Path.Combine(root, img.FileName), ImreadModes.Color))
            {
                if (m.Empty()) throw new InvalidDataException($"cannot read {img.FileName}");
                m.CopyTo(frame.Image);
            }
            detector.Detect([frame], (_, dets) =>
            {
                foreach (var d in dets)
                    if (d.ClassId < map.Length && map[d.ClassId] >= 0)
                        results.Add(new CocoResult { ImageId = img.Id, CategoryId = map[d.ClassId], Bbox = [d.Box.X1, d.Box.Y1, d.Box.Width, d.Box.Height], Score = d.Score });
            });
        }
        return (data, results);
    }
}
