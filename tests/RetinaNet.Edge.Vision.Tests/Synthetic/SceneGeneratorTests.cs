using OpenCvSharp;
using RetinaNet.Edge.Vision.Synthetic;

namespace RetinaNet.Edge.Vision.Tests.Synthetic;

public class SceneGeneratorTests
{
    private static readonly Lazy<Backgrounds> Textures = new(() => new Backgrounds()); // reading the sample videos takes seconds

    private static Mat Render(int seed)
    {
        var generator = new SceneGenerator(Textures.Value, new SceneSettings { Width = 384, Height = 256, MinSize = 20, MaxObjects = 6 });
        return generator.Render(new Random(seed)).Image;
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(4003)]
    [InlineData(7)]
    public void Render_SameSeedTwice_SameImage(int seed)
    {
        // Noise and procedural backgrounds come from OpenCV's own generator: seeded from the scene's, or every render
        // of a seed differs (seen: a quantization test's float reference found 36 confident objects in one run, 37 in another).
        using var first = Render(seed);
        using var second = Render(seed);
        using var diff = new Mat();
        Cv2.Absdiff(first, second, diff);
        Assert.Equal(0, Cv2.Sum(diff).Val0 + Cv2.Sum(diff).Val1 + Cv2.Sum(diff).Val2);
    }

    [Fact]
    public void Procedural_SameSeedTwice_SameTexture()
    {
        using var first = Backgrounds.Procedural(new Random(11), 200, 120);
        using var second = Backgrounds.Procedural(new Random(11), 200, 120);
        using var other = Backgrounds.Procedural(new Random(12), 200, 120);
        Assert.Equal(0, Cv2.Norm(first, second, NormTypes.L1));
        Assert.True(Cv2.Norm(first, other, NormTypes.L1) > 0);
    }
}
