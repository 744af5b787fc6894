namespace RetinaNet.Edge.Tests.Integration.Fixtures;

/// <summary>Reads the time tools/clock_camera.py burned into a frame: the top sixth holds 36 blocks across the width —
/// guards (dark, light), 32 bits of the Unix millisecond modulo 2^32 (most significant first), guards (light, dark).</summary>
internal static class ClockBand
{
    private const int Blocks = 36;

    /// <summary>The millisecond (modulo 2^32) in an 8-bit grey image of any size, or null when the guards are not there
    /// (not a clock frame, or a frame torn by decoding).</summary>
    public static long? Read(ReadOnlySpan<byte> grey, int width, int height)
    {
        int row = height / 12;
        Span<bool> bits = stackalloc bool[Blocks];
        for (int k = 0; k < Blocks; k++)
        {
            int x = ((k * width / Blocks) + ((k + 1) * width / Blocks)) / 2;
            int sum = 0;
            for (int dy = -1; dy <= 1; dy++) sum += grey[((row + dy) * width) + x];
            bits[k] = sum / 3 >= 128;
        }
        if (bits[0] || !bits[1] || !bits[Blocks - 2] || bits[Blocks - 1]) return null;
        long value = 0;
        for (int k = 2; k < Blocks - 2; k++) value = (value << 1) | (bits[k] ? 1L : 0L);
        return value;
    }

    /// <summary>From the burned-in millisecond to a wall-clock millisecond near it (both modulo 2^32).</summary>
    public static double Since(long stamped, double wallMs) =>
        (((long)Math.Floor(wallMs) - stamped) % (1L << 32) + (1L << 32)) % (1L << 32) + (wallMs - Math.Floor(wallMs));
}
