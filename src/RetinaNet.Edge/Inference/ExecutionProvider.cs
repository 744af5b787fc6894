using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Inference;

/// <summary>An ONNX Runtime execution provider the agent can ask for; written lower-case in agent.json
/// (<c>"providers": ["tensorrt", "cuda", "cpu"]</c>) and on the command line.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExecutionProvider>))]
public enum ExecutionProvider
{
    [JsonStringEnumMemberName("tensorrt")] TensorRt,
    [JsonStringEnumMemberName("cuda")] Cuda,
    [JsonStringEnumMemberName("cpu")] Cpu,
}

/// <summary>The names the agent writes for <see cref="ExecutionProvider"/> (logs, status, metrics): its JSON names.</summary>
public static class ExecutionProviderNames
{
    private static readonly string[] Names = Common.JsonNames.Of<ExecutionProvider>();

    public static string Name(this ExecutionProvider p) => Names[(int)p];
}
