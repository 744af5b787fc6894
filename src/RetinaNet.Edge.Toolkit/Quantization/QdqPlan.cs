using RetinaNet.Edge.Toolkit.Export.Onnx;

namespace RetinaNet.Edge.Toolkit.Quantization;

/// <summary>Where the Q/DQ pairs go in a float graph (ONNX Runtime's QDQ form, so that its optimizer fuses them into
/// QLinearConv / QLinearAdd and runs MaxPool and Resize on uint8 directly):
/// <list type="bullet">
/// <item>a convolution is quantized (int8 weights per output channel, int32 bias) unless it is a head's last
/// convolution — one from which a graph output is reached without another convolution (kept float unless
/// <c>quantizeHeads</c>);</item>
/// <item>the activation inputs of quantized convolutions and of Add, and their outputs, are quantized (uint8); a Relu
/// that is the only consumer of such an output is folded in: its output is quantized instead (zero point 0, so ONNX
/// Runtime removes the Relu);</item>
/// <item>MaxPool and Resize of a quantized tensor keep its scale and zero point (order-preserving: run on uint8).</item>
/// </list></summary>
internal sealed class QdqPlan
{
    public static readonly HashSet<string> Transparent = ["MaxPool", "Resize"];

    /// <summary>Tensors to calibrate (their own range).</summary>
    public HashSet<string> Calibrated { get; } = [];
    /// <summary>Tensors that take another tensor's parameters (transparent ops' outputs → their input).</summary>
    public Dictionary<string, string> SameAs { get; } = [];
    /// <summary>Convolution nodes (by index) whose weights and bias are quantized.</summary>
    public HashSet<int> QuantizedConvs { get; } = [];
    public int FloatConvs { get; private set; }

    public IEnumerable<string> Quantized => Calibrated.Concat(SameAs.Keys);

    public static QdqPlan For(GraphProto graph, bool quantizeHeads)
    {
        var plan = new QdqPlan();
        var initializers = graph.Initializer.Select(i => i.Name).ToHashSet();
        var consumers = new Dictionary<string, List<NodeProto>>();
        foreach (var n in graph.Node)
            foreach (var i in n.Input.Where(i => i.Length > 0))
                (consumers.TryGetValue(i, out var l) ? l : consumers[i] = []).Add(n);
        var headConvs = quantizeHeads ? [] : HeadConvs(graph, consumers);
        string OutputOf(NodeProto n)
        {
            var y = n.Output[0];
            return consumers.TryGetValue(y, out var c) && c.Count == 1 && c[0].OpType == "Relu" && !graph.Output.Any(o => o.Name == y) ? c[0].Output[0] : y;
        }
        for (int k = 0; k < graph.Node.Count; k++)
        {
            var n = graph.Node[k];
            if (n.OpType == "Conv")
            {
                if (headConvs.Contains(n) || !initializers.Contains(n.Input[1])) { plan.FloatConvs++; continue; }
                plan.QuantizedConvs.Add(k);
                plan.Calibrated.Add(n.Input[0]);
                plan.Calibrated.Add(OutputOf(n));
            }
            else if (n.OpType == "Add" && n.Input.All(i => !initializers.Contains(i)))
            {
                foreach (var i in n.Input) plan.Calibrated.Add(i);
                plan.Calibrated.Add(OutputOf(n));
            }
        }
        // Transparent ops of quantized tensors, in graph order (a chain follows its first link).
        foreach (var n in graph.Node)
        {
            if (!Transparent.Contains(n.OpType)) continue;
            var x = n.Input[0];
            if (!plan.Calibrated.Contains(x) && !plan.SameAs.ContainsKey(x)) continue;
            var y = n.Output[0];
            plan.Calibrated.Remove(y);
            plan.SameAs[y] = plan.SameAs.TryGetValue(x, out var root) ? root : x;
        }
        return plan;
    }

    /// <summary>Convolutions from which some graph output is reached without passing another convolution.</summary>
    private static HashSet<NodeProto> HeadConvs(GraphProto graph, Dictionary<string, List<NodeProto>> consumers)
    {
        var outputs = graph.Output.Select(o => o.Name).ToHashSet();
        var memo = new Dictionary<string, bool>();
        bool ReachesOutput(string tensor)
        {
            if (memo.TryGetValue(tensor, out var known)) return known;
            memo[tensor] = false; // cycles cannot happen in a valid graph; guards anyway
            bool r = outputs.Contains(tensor) || (consumers.TryGetValue(tensor, out var cs) &&
                cs.Any(c => c.OpType != "Conv" && c.Output.Any(ReachesOutput)));
            return memo[tensor] = r;
        }
        return graph.Node.Where(n => n.OpType == "Conv" && ReachesOutput(n.Output[0])).ToHashSet();
    }
}
