using RetinaNet.Edge.Vision.Decoding;

namespace RetinaNet.Edge.Inference;

/// <summary>What the agent knows about the loaded model: input size, layout, labels and decoding settings.</summary>
internal sealed record ModelInfo(string Path, string InputName, int InputWidth, int InputHeight, bool DynamicBatch,
    OutputLayout Layout, IReadOnlyList<string> Labels, DecoderSettings Decoder, IReadOnlyList<string> OutputNames);
