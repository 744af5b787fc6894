using RetinaNet.Edge.Vision.Decoding;

namespace RetinaNet.Edge.Toolkit.Labelling;

/// <summary>The classes labelled by default: COCO's street classes (people and road vehicles). A camera watching a
/// street sees these; the other 74 COCO classes are mostly indoor objects and animals.</summary>
internal static class StreetClasses
{
    public static readonly string[] Default = ["person", "bicycle", "car", "motorcycle", "bus", "truck"];

    /// <summary>COCO index → output class index for the named classes; an unknown name is an error naming it.</summary>
    public static Dictionary<int, int> Map(IReadOnlyList<string> names)
    {
        var map = new Dictionary<int, int>();
        for (int i = 0; i < names.Count; i++)
        {
            int coco = Array.IndexOf(CocoLabels.Names, names[i]);
            if (coco < 0) throw new ArgumentException($"--classes: '{names[i]}' is not a COCO class (e.g. {string.Join(", ", Default)})");
            if (!map.TryAdd(coco, i)) throw new ArgumentException($"--classes: '{names[i]}' is named twice");
        }
        return map;
    }
}
