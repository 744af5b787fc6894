using System.ComponentModel.DataAnnotations;

namespace RetinaNet.Edge.Zones;

/// <summary>A polygon in source-frame pixels. An object is inside when the bottom-centre of its box is.</summary>
public sealed class ZoneOptions
{
    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "must be 1-64 letters, digits, '_' or '-'")]
    public string Name { get; set; } = "";
    /// <summary>Vertices [[x, y], …], at least 3.</summary>
    [Required, MinLength(3)] public List<float[]> Points { get; set; } = [];
    /// <summary>Labels counted; empty counts all.</summary>
    public List<string> Labels { get; set; } = [];
    /// <summary>A <c>loitering</c> event when an object stays this long (0: off).</summary>
    [Range(0, 86400)] public double LoiterSeconds { get; set; }
}

/// <summary>A directed line From → To in source-frame pixels. Crossing it from its left to its right side (seen
/// looking from From to To, image y pointing down) is "in", the other way "out".</summary>
public sealed class LineOptions
{
    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "must be 1-64 letters, digits, '_' or '-'")]
    public string Name { get; set; } = "";
    [Required, MinLength(2), MaxLength(2)] public float[] From { get; set; } = [];
    [Required, MinLength(2), MaxLength(2)] public float[] To { get; set; } = [];
    public List<string> Labels { get; set; } = [];
}
