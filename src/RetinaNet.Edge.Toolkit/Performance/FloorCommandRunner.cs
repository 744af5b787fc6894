using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using RetinaNet.Edge.Toolkit.Export;
using RetinaNet.Edge.Toolkit.Export.Onnx;

namespace RetinaNet.Edge.Toolkit.Performance;

/// <summary>A model's CPU latency against its floor: the graph's FLOPs ÷ the machine's matrix-multiply rate, both
/// measured in the same run with ONNX Runtime; then the same model under other graph optimization levels and
/// thread counts.</summary>
internal static class FloorMeasurement
{
    public sealed record Variant(string Name, double LatencyMs, double Ratio);

    public sealed record Result(double Gflop, double SgemmGflops, double FloorMs, IReadOnlyList<Variant> Variants);

    public static Result Run(string modelPath, int runs, TextWriter log)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(modelPath));
        var precision = model.MetadataProps.FirstOrDefault(p => p.Key == "retinanet.quantization")?.Value ?? "float (no retinanet.quantization metadata)";
        log.WriteLine($"model: {new FileInfo(modelPath).Length / 1e6:F2} MB, {precision}");
        var (macs, byOp) = OnnxFlops.Count(model);
        double gflop = 2.0 * macs / 1e9;
        log.WriteLine($"graph: {gflop:F1} GFLOP at batch 1 ({string.Join(", ", byOp.Select(kv => $"{kv.Key} {2.0 * kv.Value / 1e9:F1}"))})");
        double sgemm = SgemmRate(log);
        double floorMs = gflop / sgemm * 1000;
        log.WriteLine($"floor: {gflop:F1} GFLOP ÷ {sgemm:F1} GFLOP/s = {floorMs:F0} ms");
        var variants = new List<Variant>();
        foreach (var (name, level, threads) in new (string, GraphOptimizationLevel, int)[]
        {
            ("all optimizations, default threads", GraphOptimizationLevel.ORT_ENABLE_ALL, 0),
            ("extended optimizations", GraphOptimizationLevel.ORT_ENABLE_EXTENDED, 0),
            ("basic optimizations", GraphOptimizationLevel.ORT_ENABLE_BASIC, 0),
            ("no optimizations", GraphOptimizationLevel.ORT_DISABLE_ALL, 0),
            ("all optimizations, 1 thread", GraphOptimizationLevel.ORT_ENABLE_ALL, 1),
        })
        {
            double ms = Latency(modelPath, level, threads, runs);
            variants.Add(new Variant(name, ms, ms / floorMs));
            log.WriteLine($"{name,-36} {ms,8:F1} ms   {ms / floorMs:F2} × floor");
        }
        return new Result(gflop, sgemm, floorMs, variants);
    }

    /// <summary>ONNX Runtime's sgemm rate: a 1024×1024×1024 MatMul graph (2.15 GFLOP per run), default threads.</summary>
    public static double SgemmRate(TextWriter log, int n = 1024)
    {
        var g = new OnnxGraphBuilder();
        g.Graph.Input.Add(OnnxGraphBuilder.FloatValue("a", n, n));
        var b = g.Initializer("b", Enumerable.Range(0, n * n).Select(i => (i % 17) / 17f).ToArray(), n, n);
        var c = g.Node("MatMul", ["a", b], "c");
        g.Graph.Output.Add(OnnxGraphBuilder.FloatValue(c, n, n));
        var proto = new ModelProto { IrVersion = 8, Graph = g.Graph };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxGraphBuilder.Opset });
        var path = Path.Combine(Path.GetTempPath(), $"sgemm-{n}.onnx");
        using (var f = File.Create(path)) Google.Protobuf.MessageExtensions.WriteTo(proto, f);
        using var session = new InferenceSession(path);
        var data = Enumerable.Range(0, n * n).Select(i => (i % 13) / 13f).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(data, [n, n]);
        using var ro = new RunOptions();
        for (int i = 0; i < 3; i++) using (session.Run(ro, ["a"], [input], ["c"])) { }
        int runs = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 3) { using (session.Run(ro, ["a"], [input], ["c"])) { } runs++; }
        double rate = 2.0 * n * n * n * runs / clock.Elapsed.TotalSeconds / 1e9;
        log.WriteLine($"sgemm (ONNX Runtime MatMul {n}³, default threads): {rate:F1} GFLOP/s");
        return rate;
    }

    private static double Latency(string modelPath, GraphOptimizationLevel level, int threads, int runs)
    {
        using var so = new SessionOptions { GraphOptimizationLevel = level };
        if (threads > 0) so.IntraOpNumThreads = threads;
        using var session = new InferenceSession(modelPath, so);
        var (name, meta) = session.InputMetadata.First();
        int[] dims = [1, 3, meta.Dimensions[2], meta.Dimensions[3]];
        var data = new float[dims.Aggregate(1, (a, v) => a * v)];
        for (int i = 0; i < data.Length; i++) data[i] = (i % 97) / 97f - 0.5f;
        using var input = OrtValue.CreateTensorValueFromMemory(data, dims.Select(d => (long)d).ToArray());
        using var ro = new RunOptions();
        var outputs = session.OutputMetadata.Keys.ToArray();
        using (session.Run(ro, [name], [input], outputs)) { }
        var times = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            using (session.Run(ro, [name], [input], outputs)) { }
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return times.Order().ElementAt(times.Count / 2); // median
    }
}
