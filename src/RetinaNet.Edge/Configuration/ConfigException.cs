namespace RetinaNet.Edge.Configuration;

/// <summary>A configuration problem, naming the file, the key and (unless secret) the value.</summary>
public sealed class ConfigException(IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
