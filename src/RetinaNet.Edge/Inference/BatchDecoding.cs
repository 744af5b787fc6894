using RetinaNet.Edge.Vision.Decoding;

namespace RetinaNet.Edge.Inference;

/// <summary>One batch's decoding state (the decoder's reused buffers and the mapped detections), so that batches can
/// be decoded on several inference workers at once without sharing a decoder.</summary>
internal sealed class BatchDecoding(DecoderSettings settings)
{
    private Detection[] _mapped = new Detection[256];

    public RawHeadDecoder? Raw { get; } = settings.Layout == OutputLayout.C ? null : new RawHeadDecoder(settings);
    public EndToEndDecoder? EndToEnd { get; } = settings.Layout == OutputLayout.C ? new EndToEndDecoder(settings) : null;

    public Detection[] Mapped(int count)
    {
        if (_mapped.Length < count) _mapped = new Detection[Math.Max(count, _mapped.Length * 2)];
        return _mapped;
    }
}
