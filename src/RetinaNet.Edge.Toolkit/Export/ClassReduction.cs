using RetinaNet.Edge.Toolkit.Export.Onnx;

namespace RetinaNet.Edge.Toolkit.Export;

/// <summary>Reduces a layout-A model's class dimension inside the graph: each level's class map [B, A·K, H, W]
/// becomes the best class's probability [B, A, H·W] (ReduceMax of the logits, then the Sigmoid: monotonic, so the same
/// value on K times fewer numbers) and its index [B, A, H·W] (ArgMax, int32), written as extra outputs
/// <c>class_1..5</c> after the box maps. Metadata <c>retinanet.class_map = max</c> tells the agent's decoder, which then
/// reads A·H·W scores per level instead of A·K·H·W (R50 at 640×480: 0.2 MB instead of 18 MB). Each anchor proposes
/// its best class only (the full maps can propose two classes for one anchor).</summary>
internal static class ClassReduction
{
    public const string MetadataKey = "retinanet.class_map";

    public static ModelProto Apply(ModelProto model)
    {
        var result = model.Clone();
        var g = result.Graph;
        var b = new OnnxGraphBuilder(g);
        if (result.MetadataProps.Any(p => p.Key == MetadataKey)) return result;
        if (result.MetadataProps.FirstOrDefault(p => p.Key == "retinanet.layout")?.Value != "A")
            throw new InvalidOperationException("class reduction needs a layout-A model (retinanet.layout = A)");
        int k = int.Parse(result.MetadataProps.First(p => p.Key == "retinanet.num_classes").Value, System.Globalization.CultureInfo.InvariantCulture);
        var producers = g.Node.ToDictionary(n => n.Output[0]);
        int levels = g.Output.Count / 2;
        var classOutputs = new List<ValueInfoProto>();
        for (int l = 0; l < levels; l++)
        {
            var output = g.Output[l];
            var dims = output.Type.TensorType.Shape.Dim;
            long channels = dims[1].DimValue, hw = dims[2].DimValue * dims[3].DimValue;
            int anchors = (int)(channels / k);
            // output ← [Identity ←] Sigmoid ← logits (the exporter's form; ONNX Runtime's basic optimizations drop the Identity).
            if (!producers.TryGetValue(output.Name, out var sigmoid)) throw new InvalidOperationException($"class reduction: no node writes {output.Name}");
            if (sigmoid.OpType == "Identity" && producers.TryGetValue(sigmoid.Input[0], out var inner)) sigmoid = inner;
            if (sigmoid.OpType != "Sigmoid")
                throw new InvalidOperationException($"class reduction: output {output.Name} is not Sigmoid(logits)");
            var logits = sigmoid.Input[0];
            var shape = b.Initializer($"{output.Name}_split_shape", TensorProto.Types.DataType.Int64, Longs(0, anchors, k, -1), 4);
            var split = b.Node("Reshape", [logits, shape], $"{output.Name}_split");
            var axis = b.Initializer($"{output.Name}_axis", TensorProto.Types.DataType.Int64, Longs(2), 1);
            var best = b.Node("ReduceMax", [split, axis], $"{output.Name}_best_logit", OnnxGraphBuilder.Int("keepdims", 0));
            sigmoid.Input[0] = best; // the Sigmoid and Identity now carry the best class's probability
            var argmax = b.Node("ArgMax", [split], $"{output.Name}_argmax", OnnxGraphBuilder.Int("axis", 2), OnnxGraphBuilder.Int("keepdims", 0));
            var cls = b.Node("Cast", [argmax], $"class_{l + 1}", OnnxGraphBuilder.Int("to", (long)TensorProto.Types.DataType.Int32));
            Reshape(output, TensorProto.Types.DataType.Float, anchors, hw);
            var classOut = output.Clone();
            classOut.Name = cls;
            Reshape(classOut, TensorProto.Types.DataType.Int32, anchors, hw);
            classOutputs.Add(classOut);
        }
        g.Output.AddRange(classOutputs);
        // Topological order: the new nodes were appended; move each Sigmoid/Identity pair after its inputs.
        Sort(g);
        result.MetadataProps.Add(new StringStringEntryProto { Key = MetadataKey, Value = "max" });
        return result;
    }

    private static void Reshape(ValueInfoProto v, TensorProto.Types.DataType type, long anchors, long hw)
    {
        var batch = v.Type.TensorType.Shape.Dim[0].Clone();
        v.Type.TensorType.ElemType = (int)type;
        v.Type.TensorType.Shape.Dim.Clear();
        v.Type.TensorType.Shape.Dim.Add(batch);
        v.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = anchors });
        v.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = hw });
    }

    private static byte[] Longs(params long[] values)
    {
        var bytes = new byte[values.Length * 8];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>Kahn's topological sort of the graph's nodes (stable: original order among ready nodes).</summary>
    internal static void Sort(GraphProto g)
    {
        var available = g.Input.Select(i => i.Name).Concat(g.Initializer.Select(i => i.Name)).Append("").ToHashSet();
        var pending = g.Node.ToList();
        var sorted = new List<NodeProto>(pending.Count);
        while (pending.Count > 0)
        {
            int before = sorted.Count;
            for (int i = 0; i < pending.Count; i++)
            {
                if (!pending[i].Input.All(available.Contains)) continue;
                sorted.Add(pending[i]);
                foreach (var o in pending[i].Output) available.Add(o);
                pending.RemoveAt(i--);
            }
            if (sorted.Count == before) throw new InvalidOperationException($"graph has a cycle or a missing input near {pending[0].Name}");
        }
        g.Node.Clear();
        g.Node.AddRange(sorted);
    }
}
