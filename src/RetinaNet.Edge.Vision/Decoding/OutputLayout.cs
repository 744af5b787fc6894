using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Vision.Decoding;

/// <summary>How a RetinaNet ONNX graph lays out its outputs (see the reference note).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OutputLayout>))]
public enum OutputLayout
{
    /// <summary>ODTK / ONNX-zoo raw heads: 5 sigmoid class maps then 5 box maps, scale-major anchors, "+1" decode.</summary>
    A,
    /// <summary>torchvision raw heads: 5 logit class maps then 5 box maps, ratio-major anchors, clamped decode.</summary>
    B,
    /// <summary>End-to-end: `dets` + `labels`, or `boxes` + `scores` + `labels`, already decoded and suppressed.</summary>
    C,
}
