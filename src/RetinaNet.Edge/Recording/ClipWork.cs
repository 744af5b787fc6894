namespace RetinaNet.Edge.Recording;

internal enum ClipWorkKind { Open, Append, Boxes, Close }

/// <summary>One piece of work for the clip writer, in the order a camera's recording made it: open a clip (its init
/// segment and the fragments from its keyframe), append a fragment or a line of boxes, close it (the final record).</summary>
internal readonly record struct ClipWork(ClipWorkKind Kind, ClipInfo Clip, byte[]? Bytes = null, IReadOnlyList<byte[]>? Fragments = null, double Pts = double.NaN);
