namespace RetinaNet.Edge.Vision.Synthetic;

/// <summary>Deterministic seed mixing (SplitMix64). Unlike <see cref="HashCode.Combine{T1,T2}"/>, which is randomized
/// per process, the same inputs give the same seed in every run, so data and training are reproducible.</summary>
public static class Seeds
{
    public static int Mix(params ReadOnlySpan<long> parts)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (var p in parts)
        {
            h ^= (ulong)p;
            h += 0x9E3779B97F4A7C15UL;
            h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
            h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
            h ^= h >> 31;
        }
        return (int)(h & 0x7FFFFFFF);
    }
}
