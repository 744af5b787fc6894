using OpenCvSharp;

namespace RetinaNet.Edge.Vision.Synthetic;

/// <summary>Camera-like degradations applied to a whole rendered frame: lighting gain/offset with a spatial gradient,
/// Gaussian blur and sensor noise. Strengths are drawn per call from the given random source.</summary>
public static class Photometric
{
    public static void Apply(Mat image, Random rng, float strength = 1f)
    {
        double gain = 1 + strength * (rng.NextDouble() * 0.6 - 0.3);
        double offset = strength * (rng.NextDouble() * 50 - 25);
        using var f = new Mat();
        image.ConvertTo(f, MatType.CV_32FC3, gain, offset);
        if (rng.NextDouble() < 0.5)
        {
            // Lighting gradient: one side of the frame up to 25 % darker.
            using var ramp = new Mat(1, 2, MatType.CV_32FC1);
            ramp.Set(0, 0, 1f);
            ramp.Set(0, 1, (float)(1 - strength * 0.25 * rng.NextDouble()));
            using var grad = ramp.Resize(new Size(image.Width, image.Height), 0, 0, InterpolationFlags.Linear);
            if (rng.NextDouble() < 0.5) Cv2.Flip(grad, grad, FlipMode.Y);
            using var grad3 = new Mat();
            Cv2.Merge([grad, grad, grad], grad3);
            Cv2.Multiply(f, grad3, f);
        }
        double sigma = strength * rng.NextDouble() * 1.2;
        if (sigma > 0.3) Cv2.GaussianBlur(f, f, new Size(0, 0), sigma);
        double noise = strength * rng.NextDouble() * 8;
        if (noise > 0.5)
        {
            using var n = new Mat(f.Size(), MatType.CV_32FC3);
            n.SetTo(Scalar.All(0));
            OpenCvRandom.Randn(n, noise, rng);
            Cv2.Add(f, n, f);
        }
        f.ConvertTo(image, MatType.CV_8UC3);
    }
}
