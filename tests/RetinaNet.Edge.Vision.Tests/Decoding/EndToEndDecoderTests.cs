using RetinaNet.Edge.Vision.Decoding;

namespace RetinaNet.Edge.Vision.Tests.Decoding;

public class EndToEndDecoderTests
{
    [Fact]
    public void DecodeDets_MmdeployLayout_ThresholdsAndSorts()
    {
        var decoder = new EndToEndDecoder(new DecoderSettings { Layout = OutputLayout.C, ScoreThreshold = 0.3f });
        float[] dets = [1, 2, 3, 4, 0.5f, 10, 20, 30, 40, 0.2f, 5, 6, 7, 8, 0.9f];
        long[] labels = [2, 0, 7];
        var result = decoder.DecodeDets(dets, labels).ToArray();
        Assert.Equal(2, result.Length);
        Assert.Equal((7, 0.9f, 5f, 8f), (result[0].ClassId, result[0].Score, result[0].Box.X1, result[0].Box.Y2));
        Assert.Equal((2, 0.5f), (result[1].ClassId, result[1].Score));
    }

    [Fact]
    public void DecodeBoxes_TorchvisionLayout_ReadsBoxesScoresLabels()
    {
        var decoder = new EndToEndDecoder(new DecoderSettings { Layout = OutputLayout.C });
        var result = decoder.DecodeBoxes([1, 2, 3, 4, 5, 6, 7, 8], [0.04f, 0.6f], [1, 3]).ToArray();
        var d = Assert.Single(result);
        Assert.Equal((3, 5f, 6f, 7f, 8f), (d.ClassId, d.Box.X1, d.Box.Y1, d.Box.X2, d.Box.Y2));
    }

    [Fact]
    public void DecodeDets_MismatchedSizes_Throws()
    {
        var decoder = new EndToEndDecoder(new DecoderSettings { Layout = OutputLayout.C });
        Assert.Throws<ArgumentException>(() => decoder.DecodeDets(new float[9], new long[2]).ToArray());
    }
}
