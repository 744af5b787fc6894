using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Vision.Data;

/// <summary>The subset of the COCO detection format the toolkit reads and writes.</summary>
public sealed class CocoDataset
{
    [JsonPropertyName("info")] public CocoInfo? Info { get; set; }
    [JsonPropertyName("images")] public List<CocoImage> Images { get; set; } = [];
    [JsonPropertyName("annotations")] public List<CocoAnnotation> Annotations { get; set; } = [];
    [JsonPropertyName("categories")] public List<CocoCategory> Categories { get; set; } = [];

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static CocoDataset Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<CocoDataset>(stream, Options)
            ?? throw new InvalidDataException($"{path}: not a COCO json file");
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, this, Options);
    }

    /// <summary>Annotations grouped by image id.</summary>
    public Dictionary<long, List<CocoAnnotation>> AnnotationsByImage()
    {
        var map = Images.ToDictionary(i => i.Id, _ => new List<CocoAnnotation>());
        foreach (var a in Annotations)
            if (map.TryGetValue(a.ImageId, out var list)) list.Add(a);
        return map;
    }
}

public sealed class CocoInfo
{
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("date_created")] public string? DateCreated { get; set; }
}

public sealed class CocoImage
{
    [JsonPropertyName("id")] public long Id { get; set; }
    [JsonPropertyName("file_name")] public string FileName { get; set; } = "";
    [JsonPropertyName("width")] public int Width { get; set; }
    [JsonPropertyName("height")] public int Height { get; set; }
}

public sealed class CocoAnnotation
{
    [JsonPropertyName("id")] public long Id { get; set; }
    [JsonPropertyName("image_id")] public long ImageId { get; set; }
    [JsonPropertyName("category_id")] public int CategoryId { get; set; }
    /// <summary>x, y, width, height in pixels.</summary>
    [JsonPropertyName("bbox")] public float[] Bbox { get; set; } = new float[4];
    [JsonPropertyName("area")] public float Area { get; set; }
    [JsonPropertyName("iscrowd")] public int IsCrowd { get; set; }
}

public sealed class CocoCategory
{
    [JsonPropertyName("id")] public int Id { get; set; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("supercategory")] public string? Supercategory { get; set; }
}

/// <summary>One detection in COCO's results format.</summary>
public sealed class CocoResult
{
    [JsonPropertyName("image_id")] public long ImageId { get; set; }
    [JsonPropertyName("category_id")] public int CategoryId { get; set; }
    [JsonPropertyName("bbox")] public float[] Bbox { get; set; } = new float[4];
    [JsonPropertyName("score")] public float Score { get; set; }
}
