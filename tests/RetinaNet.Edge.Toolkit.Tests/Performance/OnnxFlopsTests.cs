using RetinaNet.Edge.Toolkit.Export;
using RetinaNet.Edge.Toolkit.Export.Onnx;
using RetinaNet.Edge.Toolkit.Performance;
using static RetinaNet.Edge.Toolkit.Export.OnnxGraphBuilder;

namespace RetinaNet.Edge.Toolkit.Tests.Performance;

public class OnnxFlopsTests
{
    [Fact]
    public void Count_ConvPoolConv_MatchesHandCount()
    {
        // Conv 3→8, 3×3, pad 1 on 32×32: 8·32·32·3·9 = 221,184 MACs; MaxPool 3/2 pad 1 → 16×16;
        // Conv 8→4, 1×1: 4·16·16·8 = 8,192 MACs; Resize to the first conv's size and Add: no MACs.
        var g = new OnnxGraphBuilder();
        g.Graph.Input.Add(FloatValue("input", "batch", 3, 32, 32));
        var c1 = g.Node("Conv", ["input", g.Initializer("w", new float[8 * 3 * 9], 8, 3, 3, 3)], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1));
        var p = g.Node("MaxPool", [c1], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1));
        var c2 = g.Node("Conv", [p, g.Initializer("w", new float[4 * 8], 4, 8, 1, 1)], Ints("kernel_shape", 1, 1));
        var size = g.Node("Shape", [c1], Int("start", 2), Int("end", 4));
        var up = g.Node("Resize", [c2, "", "", size], Ints("axes", 2, 3), Text("mode", "nearest"));
        g.Node("Relu", [up]);
        var (macs, byOp) = OnnxFlops.Count(new ModelProto { Graph = g.Graph });
        Assert.Equal(221_184 + 8_192, macs);
        Assert.Equal(macs, byOp["Conv"]);
    }
}
