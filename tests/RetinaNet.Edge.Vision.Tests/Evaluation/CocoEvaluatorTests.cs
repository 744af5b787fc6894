using RetinaNet.Edge.Vision.Data;
using RetinaNet.Edge.Vision.Evaluation;

namespace RetinaNet.Edge.Vision.Tests.Evaluation;

public class CocoEvaluatorTests
{
    private static CocoDataset Truth(params float[][] boxes) => new()
    {
        Images = [new CocoImage { Id = 1, Width = 200, Height = 200, FileName = "a.jpg" }],
        Categories = [new CocoCategory { Id = 1, Name = "thing" }],
        Annotations = boxes.Select((b, i) => new CocoAnnotation { Id = i + 1, ImageId = 1, CategoryId = 1, Bbox = b, Area = b[2] * b[3] }).ToList(),
    };

    private static CocoResult Det(float score, params float[] b) => new() { ImageId = 1, CategoryId = 1, Bbox = b, Score = score };

    [Fact]
    public void Evaluate_PerfectDetection_ApOne()
    {
        var m = CocoEvaluator.Evaluate(Truth([10, 10, 50, 50]), [Det(0.9f, 10, 10, 50, 50)]);
        Assert.Equal((1.0, 1.0, 1.0), (m.Ap, m.Ap50, m.Ap75));
        Assert.Equal(1.0, m.ApMedium); // area 2500: medium
        Assert.Equal(-1.0, m.ApSmall); // no small objects
    }

    [Fact]
    public void Evaluate_FalsePositiveRankedFirst_ApHalf()
    {
        // Ranked: FP (0.9) then TP (0.8): precision at recall 1 is 1/2, interpolated back over all 101 points.
        var m = CocoEvaluator.Evaluate(Truth([10, 10, 50, 50]), [Det(0.9f, 120, 120, 50, 50), Det(0.8f, 10, 10, 50, 50)]);
        Assert.Equal(0.5, m.Ap50, 6);
    }

    [Fact]
    public void Evaluate_HalfTheObjectsFound_51Of101RecallPoints()
    {
        var m = CocoEvaluator.Evaluate(Truth([10, 10, 50, 50], [120, 120, 50, 50]), [Det(0.9f, 10, 10, 50, 50)]);
        Assert.Equal(51.0 / 101, m.Ap50, 6);
    }

    [Fact]
    public void Evaluate_LooseBox_CountsAt50NotAt75()
    {
        // IoU of [10,10,50,50] and [10,10,50,75]: 2500/3750 = 0.667 → TP at 0.5..0.65, FP from 0.7 on.
        var m = CocoEvaluator.Evaluate(Truth([10, 10, 50, 50]), [Det(0.9f, 10, 10, 50, 75)]);
        Assert.Equal(1.0, m.Ap50);
        Assert.Equal(0.0, m.Ap75);
        Assert.Equal(0.4, m.Ap, 6); // 4 of 10 thresholds (0.50, 0.55, 0.60, 0.65)
    }
}
