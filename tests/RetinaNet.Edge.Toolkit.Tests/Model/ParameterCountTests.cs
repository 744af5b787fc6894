using RetinaNet.Edge.Toolkit.Model;

namespace RetinaNet.Edge.Toolkit.Tests.Model;

[Collection("torch")]
public class ParameterCountTests
{
    [Fact]
    public void ParameterCount_TorchvisionResNet50Fpn_Matches34014999()
    {
        using var model = new RetinaNetModel(RetinaNetConfig.Preset("torchvision-resnet50-fpn"));
        Assert.Equal(34_014_999, model.ParameterCount());
    }

    [Fact]
    public void ParameterCount_TorchvisionParts_MatchReferenceBreakdown()
    {
        using var model = new RetinaNetModel(RetinaNetConfig.Preset("torchvision-resnet50-fpn"));
        long Count(TorchSharp.torch.nn.Module m) => m.parameters().Sum(p => p.numel());
        Assert.Equal(23_454_912, Count(model.backbone));
        Assert.Equal(2_688_512 + 1_180_160, Count(model.fpn));
        Assert.Equal(6_691_415, Count(model.cls_head) + Count(model.box_head));
    }

    [Fact]
    public void ClassHead_PriorBias_IsMinusLogNinetyNine()
    {
        using var model = new RetinaNetModel(RetinaNetConfig.Preset("edge-tiny", 3));
        var bias = model.cls_head.output.bias!.data<float>().ToArray();
        Assert.All(bias, b => Assert.Equal(-MathF.Log(99f), b, 5));
        Assert.Equal(9 * 3, bias.Length);
    }
}
