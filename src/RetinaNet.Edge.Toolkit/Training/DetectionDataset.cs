using RetinaNet.Edge.Vision.Data;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Toolkit.Training;

/// <summary>A COCO-format detection set: image paths (relative to the json's folder unless an image root is given)
/// with boxes and contiguous 0-based class indices (COCO category ids may be sparse).</summary>
internal sealed class DetectionDataset
{
    public sealed record Item(long ImageId, string Path, int Width, int Height, List<(BoxF Box, int Class)> Objects);

    public DetectionDataset(string annotations, string? imageRoot = null)
    {
        if (!File.Exists(annotations)) throw new FileNotFoundException($"annotation file not found: {annotations}");
        Coco = CocoDataset.Load(annotations);
        imageRoot ??= System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(annotations))!;
        var categories = Coco.Categories.OrderBy(c => c.Id).ToList();
        if (categories.Count == 0) throw new InvalidDataException($"{annotations}: no categories");
        ClassNames = categories.Select(c => c.Name).ToArray();
        CategoryIds = categories.Select(c => c.Id).ToArray();
        var index = categories.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var byImage = Coco.AnnotationsByImage();
        Items = Coco.Images.Select(img => new Item(img.Id, System.IO.Path.Combine(imageRoot, img.FileName), img.Width, img.Height,
            byImage[img.Id].Where(a => a.IsCrowd == 0 && a.Bbox[2] > 0 && a.Bbox[3] > 0)
                .Select(a => (BoxF.FromXywh(a.Bbox[0], a.Bbox[1], a.Bbox[2], a.Bbox[3]), index[a.CategoryId])).ToList())).ToList();
    }

    public CocoDataset Coco { get; }
    public IReadOnlyList<Item> Items { get; }
    public string[] ClassNames { get; }
    /// <summary>COCO category id of each class index.</summary>
    public int[] CategoryIds { get; }
    public int Count => Items.Count;
}
