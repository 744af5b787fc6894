using RetinaNet.Edge.Toolkit.Model;
using RetinaNet.Edge.Vision.Data;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Training;

/// <summary>Runs a model over a COCO set with the agent's preprocessing and layout-A decoding, then COCO AP.</summary>
internal static class ModelEvaluator
{
    public static (CocoMetrics Metrics, List<CocoResult> Results) Evaluate(RetinaNetModel model, DetectionDataset data, int batchSize = 8)
    {
        var cfg = model.Config;
        bool wasTraining = model.training;
        model.eval();
        var decoder = new RawHeadDecoder(new DecoderSettings { Layout = OutputLayout.A, NumClasses = cfg.NumClasses, Anchors = cfg.Anchors });
        var results = new List<CocoResult>();
        using var builder = new BatchBuilder(data, cfg.InputWidth, cfg.InputHeight, []);
        using (no_grad())
        {
            for (int start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var indices = Enumerable.Range(start, Math.Min(batchSize, data.Count - start)).ToList();
                var batch = builder.Build(indices, _ => false);
                var input = tensor(batch.Images, [batch.Size, 3, cfg.InputHeight, cfg.InputWidth]);
                var (cls, box) = model.forward(input);
                var clsData = cls.Select(c => c.sigmoid().contiguous().data<float>().ToArray()).ToArray();
                var boxData = box.Select(b => b.contiguous().data<float>().ToArray()).ToArray();
                for (int i = 0; i < batch.Size; i++)
                {
                    decoder.Begin(cfg.InputWidth, cfg.InputHeight);
                    for (int l = 0; l < cls.Length; l++)
                    {
                        int h = (int)cls[l].shape[2], w = (int)cls[l].shape[3];
                        int cn = clsData[l].Length / batch.Size, bn = boxData[l].Length / batch.Size;
                        decoder.AddLevel(l, clsData[l].AsSpan(i * cn, cn), boxData[l].AsSpan(i * bn, bn), h, w);
                    }
                    var item = data.Items[indices[i]];
                    foreach (var d in decoder.Finish())
                    {
                        var b = batch.Transforms[i].ToSource(d.Box);
                        results.Add(new CocoResult { ImageId = item.ImageId, CategoryId = data.CategoryIds[d.ClassId], Bbox = [b.X1, b.Y1, b.Width, b.Height], Score = d.Score });
                    }
                }
            }
        }
        if (wasTraining) model.train();
        return (CocoEvaluator.Evaluate(data.Coco, results), results);
    }
}
