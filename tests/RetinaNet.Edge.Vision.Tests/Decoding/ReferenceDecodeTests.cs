using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using RetinaNet.Edge.Vision.Anchors;
using RetinaNet.Edge.Vision.Decoding;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Vision.Tests.Decoding;

/// <summary>The raw-head decoder against decodings computed independently by <c>tools/reference/decode_reference.py</c>
/// (Debian's python3-torch): layout A from ODTK's own formulas (stride W // w for both axes, anchors of that stride,
/// the level's box bound), layout B by torchvision's <c>postprocess_detections</c> itself. Sizes include the zoo
/// model's 480×640, widths and heights that are not multiples of 128, and odd sizes.</summary>
public class ReferenceDecodeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("A", 480, 640, 80)]
    [InlineData("A", 600, 600, 80)]
    [InlineData("A", 333, 517, 7)]
    [InlineData("A", 256, 384, 4)]
    [InlineData("B", 480, 640, 91)]
    [InlineData("B", 333, 517, 7)]
    [InlineData("B", 800, 1067, 3)]
    public void AddLevel_RandomHeads_MatchesReferenceImplementation(string layout, int height, int width, int classes)
    {
        var dir = RepoPaths.TempFolder("decode-ref");
        RunReference(layout, height, width, classes, dir);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "reference.json")));
        var levels = json.RootElement.GetProperty("levels").EnumerateArray().Select(l => (H: l.GetProperty("height").GetInt32(), W: l.GetProperty("width").GetInt32())).ToArray();
        var heads = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(dir, "heads.bin"))).ToArray();

        var decoder = new RawHeadDecoder(new DecoderSettings { Layout = layout == "A" ? OutputLayout.A : OutputLayout.B, NumClasses = classes, MaxDetections = 300 });
        decoder.Begin(width, height);
        int clsOffset = 0, boxOffset = levels.Sum(l => 9 * classes * l.H * l.W);
        for (int l = 0; l < levels.Length; l++)
        {
            var (h, w) = levels[l];
            int clsLength = 9 * classes * h * w, boxLength = 9 * 4 * h * w;
            decoder.AddLevel(l, heads.AsSpan(clsOffset, clsLength), heads.AsSpan(boxOffset, boxLength), h, w);
            clsOffset += clsLength;
            boxOffset += boxLength;
        }
        // Both lists are by descending score; equal scores (it happens in float32) may come in either order in both
        // implementations, so ties are put in one order (class, then box) on both sides before comparing.
        var ours = decoder.Finish().ToArray().OrderByDescending(d => d.Score).ThenBy(d => d.ClassId).ThenBy(d => d.Box.X1).ThenBy(d => d.Box.Y1).ToArray();

        var reference = json.RootElement.GetProperty("scores").EnumerateArray().Select(e => e.GetSingle())
            .Zip(json.RootElement.GetProperty("boxes").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetSingle()).ToArray()),
                 json.RootElement.GetProperty("classes").EnumerateArray().Select(e => e.GetInt32()))
            .OrderByDescending(r => r.First).ThenBy(r => r.Third).ThenBy(r => r.Second[0]).ThenBy(r => r.Second[1]).ToArray();
        var scores = reference.Select(r => r.First).ToArray();
        var boxes = reference.Select(r => r.Second).ToArray();
        var labels = reference.Select(r => r.Third).ToArray();
        Assert.Equal(scores.Length, ours.Length);
        double maxBox = 0, maxScore = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            Assert.True(labels[i] == ours[i].ClassId, $"detection {i}: class {ours[i].ClassId} score {ours[i].Score:R}, reference class {labels[i]} score {scores[i]:R}; neighbours {string.Join(" ", scores.Skip(Math.Max(0, i - 2)).Take(5).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}");
            maxScore = Math.Max(maxScore, Math.Abs(scores[i] - ours[i].Score));
            float[] b = [ours[i].Box.X1, ours[i].Box.Y1, ours[i].Box.X2, ours[i].Box.Y2];
            for (int k = 0; k < 4; k++) maxBox = Math.Max(maxBox, Math.Abs(boxes[i][k] - b[k]));
        }
        double deepest = boxes.Max(b => b[3] - b[1]);
        output.WriteLine($"layout {layout} {width}x{height}: {ours.Length} detections, max box error {maxBox:E2} px, max score error {maxScore:E2}, largest box {deepest:F0} px tall; strides x {string.Join(",", levels.Select(l => width / l.W))}");
        Assert.True(maxBox < 1e-3, $"max box error {maxBox} px");
        Assert.True(maxScore < 1e-5, $"max score error {maxScore}");
    }

    [Fact]
    public void LevelStride_ZooSize_OneStrideForBothAxes()
    {
        // 480×640: P6 is 8×10, P7 4×5; ODTK uses 640 // 10 = 64 and 640 // 5 = 128 vertically too (not 480/8 = 60).
        Assert.Equal(64, OdtkAnchors.LevelStride(640, 10));
        Assert.Equal(128, OdtkAnchors.LevelStride(640, 5));
        Assert.Equal(120, OdtkAnchors.LevelStride(600, 5));
    }

    private static void RunReference(string layout, int height, int width, int classes, string dir)
    {
        var script = Path.Combine(RepoPaths.Root, "tools", "reference", "decode_reference.py");
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { script, layout, height.ToString(System.Globalization.CultureInfo.InvariantCulture), width.ToString(System.Globalization.CultureInfo.InvariantCulture), classes.ToString(System.Globalization.CultureInfo.InvariantCulture), "1", dir })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.WaitForExit(120_000);
        Assert.True(p.ExitCode == 0, "reference script failed: " + err.Result);
    }
}
