using RetinaNet.Edge.Toolkit.Export;
using RetinaNet.Edge.Toolkit.Export.Onnx;
using RetinaNet.Edge.Toolkit.Quantization;
using RetinaNet.Edge.Vision.Geometry;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Toolkit.Tests.Quantization;

public class StaticQuantizerTests(QuantizationFixture fixture, ITestOutputHelper output) : IClassFixture<QuantizationFixture>
{
    [Fact]
    public void Quantize_DemoModel_EveryPlannedConvolutionRunsAsQLinearConv()
    {
        // What ONNX Runtime runs after its own optimizations: the 40 backbone, FPN and head-tower convolutions fused
        // into integer convolutions, the 10 heads' last convolutions float (by design), no Conv left unfused beyond them.
        var fusion = StaticQuantizer.Fusion(fixture.Int8Path);
        output.WriteLine(fixture.Log);
        output.WriteLine($"optimized graph: {fusion}");
        Assert.Contains("plan: 40 convolution(s) int8, 10 float", fixture.Log, StringComparison.Ordinal);
        Assert.Equal(40, fusion.FusedConvolutions);
        Assert.Equal(10, fusion.FloatConvolutions);
        Assert.Equal(6, fusion.Count("QLinearAdd")); // FPN and residual adds on uint8 as well
        Assert.Equal(2, fusion.Count("QuantizeLinear")); // the input, and P6's input to the float head: nothing else re-quantized
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(fixture.Int8Path));
        Assert.Contains(model.MetadataProps, p => p.Key == "retinanet.quantization" && p.Value.Contains("percentile", StringComparison.Ordinal));
        Assert.Contains(model.MetadataProps, p => p.Key == "retinanet.layout" && p.Value == "A");
        Assert.True(new FileInfo(fixture.Int8Path).Length < new FileInfo(RepoPaths.DemoModel).Length / 3);
    }

    [Fact]
    public void Quantize_DemoModel_DetectionsMatchFloatWithinTolerance()
    {
        // Tolerance: every confident float detection (score ≥ 0.5) has an int8 one of the same class overlapping it by
        // IoU ≥ 0.9 with a score within 0.05. uint8 activations carry 1/255 of each tensor's range; over ~20 layers that
        // moves boxes by under a pixel on 20–80 px objects and scores by hundredths: measured worst IoU 0.984 and score
        // difference 0.033 (calibration on 32 images; the scenes are the same every run since OpenCV's noise is seeded).
        int matched = 0, total = 0;
        double worstIou = 1, worstScore = 0;
        foreach (var image in fixture.Images)
        {
            var reference = QuantizationFixture.Detect(RepoPaths.DemoModel, image).Where(d => d.Score >= 0.5f).ToList();
            var quantized = QuantizationFixture.Detect(fixture.Int8Path, image);
            foreach (var d in reference)
            {
                total++;
                var best = quantized.Where(q => q.ClassId == d.ClassId).Select(q => (Iou: BoxF.IoU(q.Box, d.Box), q.Score)).DefaultIfEmpty().MaxBy(m => m.Iou);
                worstIou = Math.Min(worstIou, best.Iou);
                worstScore = Math.Max(worstScore, Math.Abs(best.Score - d.Score));
                if (best.Iou >= 0.9 && Math.Abs(best.Score - d.Score) <= 0.05) matched++;
            }
        }
        output.WriteLine($"int8 vs float32 on {fixture.Images.Count} held-out scenes: {matched}/{total} confident detections matched; worst IoU {worstIou:F3}, worst score difference {worstScore:F3}");
        Assert.True(total >= 20, $"only {total} confident detections to compare");
        Assert.Equal(total, matched);
    }

    [Fact]
    public void ClassReduction_DemoModel_SameDetectionsAsFullClassMaps()
    {
        var reducedPath = Path.Combine(RepoPaths.TempFolder("reduce"), "demo-reduced.onnx");
        StaticQuantizer.Write(ClassReduction.Apply(ModelProto.Parser.ParseFrom(File.ReadAllBytes(RepoPaths.DemoModel))), reducedPath);
        int compared = 0;
        foreach (var image in fixture.Images)
        {
            var full = QuantizationFixture.Detect(RepoPaths.DemoModel, image);
            var reduced = QuantizationFixture.Detect(reducedPath, image);
            // Every reduced detection above 0.2 is one of the full maps' (same class, score, box; below that the full maps'
            // 100-detection cap fills with second classes, so the two lists' tails differ) ...
            foreach (var r in reduced.Where(d => d.Score >= 0.2f))
                Assert.Contains(full, f => f.ClassId == r.ClassId && Math.Abs(f.Score - r.Score) < 1e-5 && BoxF.IoU(f.Box, r.Box) > 0.9999);
            // ... and the confident ones are all there: what one class per anchor loses is an anchor's second class, which
            // the full maps report as a second, weaker box of another label on the same object.
            var lost = full.Where(f => !reduced.Any(r => r.ClassId == f.ClassId && BoxF.IoU(f.Box, r.Box) > 0.9999)).ToList();
            foreach (var l in lost)
                output.WriteLine($"full maps only: class {l.ClassId} score {l.Score:F3}; best other class there {full.Where(f => f != l && BoxF.IoU(f.Box, l.Box) > 0.5).Select(f => $"{f.ClassId}:{f.Score:F3}").FirstOrDefault()}");
            full = [.. full.Where(d => d.Score >= 0.5f)];
            reduced = [.. reduced.Where(d => d.Score >= 0.5f)];
            Assert.Equal(full.Count, reduced.Count);
            foreach (var (f, r) in full.OrderBy(d => d.Box.X1).Zip(reduced.OrderBy(d => d.Box.X1)))
            {
                Assert.Equal(f.ClassId, r.ClassId);
                Assert.Equal(f.Score, r.Score, 5);
                Assert.True(BoxF.IoU(f.Box, r.Box) > 0.9999, $"{f.Box} vs {r.Box}");
                compared++;
            }
        }
        Assert.True(compared >= 20);
    }
}
