namespace RetinaNet.Edge.Vision.Decoding;

/// <summary>The one rule for naming a class: the model's label, or <c>classN</c> for an id outside the label list
/// (the names a model without a label file gives its classes, in the agent and in the toolkit's exports).</summary>
public static class ClassNames
{
    public static string Of(IReadOnlyList<string> labels, int classId) =>
        classId >= 0 && classId < labels.Count ? labels[classId] : $"class{classId}";

    /// <summary><c>class0</c> … <c>class{count-1}</c>.</summary>
    public static string[] Unnamed(int count) => [.. Enumerable.Range(0, count).Select(i => Of([], i))];
}
