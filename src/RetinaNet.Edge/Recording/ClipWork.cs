namespace RetinaNet.Edge.Recording;

internal enum ClipWorkKind { Open, Append, Boxes, Close }

/// <summary>One piece of work for the clip writer, in the order a camera's recording made it: open a clip (its init
/// segment and the fragments from its keyframe), append a fragment or a line of boxes, close it (the final record).
/// A line of boxes is <see cref="Length"/> bytes of a buffer rented from the shared pool (<see cref="Pooled"/>): the
/// writer gives it back once written or dropped, so a recording camera allocates nothing per frame.</summary>
internal readonly record struct ClipWork(ClipWorkKind Kind, ClipInfo Clip, byte[]? Bytes = null, IReadOnlyList<byte[]>? Fragments = null, double Pts = double.NaN,
    int Length = -1, bool Pooled = false)
{
    public ReadOnlySpan<byte> Span => Length < 0 ? Bytes : Bytes.AsSpan(0, Length);

    /// <summary>Gives a pooled buffer back (once its piece is written or dropped).</summary>
    public void Release()
    {
        if (Pooled && Bytes is not null) System.Buffers.ArrayPool<byte>.Shared.Return(Bytes);
    }
}
