namespace RetinaNet.Edge.Inference;

/// <summary>The one rule for naming a class: the model's label, or <c>classN</c> for an id outside the label list
/// (the name a model without a label file gives its classes too).</summary>
internal static class LabelNames
{
    public static string Of(IReadOnlyList<string> labels, int classId) =>
        classId >= 0 && classId < labels.Count ? labels[classId] : $"class{classId}";
}
