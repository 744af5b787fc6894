namespace RetinaNet.Edge.Inference;

/// <summary>A class's name in the agent: <see cref="Vision.Decoding.ClassNames"/>'s one rule.</summary>
internal static class LabelNames
{
    public static string Of(IReadOnlyList<string> labels, int classId) => Vision.Decoding.ClassNames.Of(labels, classId);
}
