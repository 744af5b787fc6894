namespace RetinaNet.Edge.Vision.Anchors;

/// <summary>Anchor shapes per pyramid level. Defaults are the paper's and ODTK's: ratios h/w {1, 2, 0.5},
/// scales 4·2^(i/3) × stride, strides 8…128 for P3…P7, so A = 9.</summary>
public sealed record AnchorSettings
{
    public static readonly AnchorSettings Default = new();

    /// <summary>Aspect ratios h/w, in ODTK's order.</summary>
    public IReadOnlyList<float> Ratios { get; init; } = [1.0f, 2.0f, 0.5f];

    /// <summary>Anchor size at scale 0 as a multiple of the level stride (4 in the paper: 32 px on P3).</summary>
    public float OctaveBase { get; init; } = 4f;

    /// <summary>Scales per octave (3 in the paper: 2^0, 2^(1/3), 2^(2/3)).</summary>
    public int ScalesPerOctave { get; init; } = 3;

    public IReadOnlyList<int> Strides { get; init; } = [8, 16, 32, 64, 128];

    public int AnchorsPerLocation => Ratios.Count * ScalesPerOctave;

    public float[] Scales()
    {
        var s = new float[ScalesPerOctave];
        for (int i = 0; i < s.Length; i++) s[i] = OctaveBase * MathF.Pow(2f, i / (float)ScalesPerOctave);
        return s;
    }
}
