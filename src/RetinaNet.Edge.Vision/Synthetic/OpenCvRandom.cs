using OpenCvSharp;

namespace RetinaNet.Edge.Vision.Synthetic;

/// <summary>OpenCV's random fills (<c>Randn</c>, <c>Randu</c>) draw from OpenCV's own per-thread generator, not from
/// the scene's <see cref="Random"/>. Seeded from it before each fill, one seed renders one image, every time: before,
/// two renders of a seed differed in their noise, and a test comparing detections on them saw a different set of
/// borderline objects from run to run.</summary>
internal static class OpenCvRandom
{
    public static void Randn(Mat into, double stdDev, Random rng)
    {
        Cv2.SetTheRNG((ulong)rng.NextInt64(1, long.MaxValue));
        Cv2.Randn(into, Scalar.All(0), Scalar.All(stdDev));
    }

    public static void Randu(Mat into, double high, Random rng)
    {
        Cv2.SetTheRNG((ulong)rng.NextInt64(1, long.MaxValue));
        Cv2.Randu(into, Scalar.All(0), Scalar.All(high));
    }
}
