using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Vision.Decoding;

/// <summary>One detected object: box in the coordinates the decoder was given, confidence in [0, 1], 0-based class.</summary>
public readonly record struct Detection(BoxF Box, float Score, int ClassId);
