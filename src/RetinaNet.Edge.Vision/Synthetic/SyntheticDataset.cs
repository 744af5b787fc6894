using OpenCvSharp;
using RetinaNet.Edge.Vision.Data;

namespace RetinaNet.Edge.Vision.Synthetic;

/// <summary>Writes a folder of synthetic scenes: <c>images/NNNNNN.jpg</c> and <c>annotations.json</c> (COCO).
/// Image i is drawn from its own seed (seed, i), so the set is identical whatever the thread count.</summary>
public static class SyntheticDataset
{
    public static CocoDataset Write(string folder, int count, int seed, SceneSettings settings, IProgress<int>? progress = null)
    {
        Directory.CreateDirectory(Path.Combine(folder, "images"));
        using var backgrounds = new Backgrounds();
        var generator = new SceneGenerator(backgrounds, settings);
        var perImage = new List<CocoAnnotation>[count];
        int done = 0;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var rng = new Random(Seeds.Mix(seed, i, 0x5eed));
            var (image, truth) = generator.Render(rng);
            using (image) Cv2.ImWrite(Path.Combine(folder, "images", $"{i:D6}.jpg"), image, new ImageEncodingParam(ImwriteFlags.JpegQuality, 92));
            perImage[i] = truth.Select(t => new CocoAnnotation
            {
                ImageId = i,
                CategoryId = (int)t.Kind + 1,
                Bbox = [t.Box.X1, t.Box.Y1, t.Box.Width, t.Box.Height],
                Area = t.Box.Area,
            }).ToList();
            progress?.Report(Interlocked.Increment(ref done));
        });
        var dataset = new CocoDataset
        {
            Info = new CocoInfo { Description = $"RetinaNet.Edge synthetic scenes, seed {seed}", Version = "1" },
            Categories = ShapeCatalog.Names.Select((n, i) => new CocoCategory { Id = i + 1, Name = n, Supercategory = "shape" }).ToList(),
            Images = Enumerable.Range(0, count).Select(i => new CocoImage { Id = i, FileName = $"images/{i:D6}.jpg", Width = settings.Width, Height = settings.Height }).ToList(),
        };
        long id = 1;
        foreach (var list in perImage)
            foreach (var a in list) { a.Id = id++; dataset.Annotations.Add(a); }
        dataset.Save(Path.Combine(folder, "annotations.json"));
        File.WriteAllLines(Path.Combine(folder, "labels.txt"), ShapeCatalog.Names);
        return dataset;
    }
}
