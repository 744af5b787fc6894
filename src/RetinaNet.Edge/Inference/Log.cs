using Microsoft.Extensions.Logging;

namespace RetinaNet.Edge.Inference;

internal static partial class Log
{
    [LoggerMessage(10, LogLevel.Warning, "Execution provider {Provider} is not available ({Reason}); trying the next one")]
    public static partial void ProviderUnavailable(ILogger logger, string provider, string reason);

    [LoggerMessage(11, LogLevel.Information, "Model {Path} loaded: layout {Layout}, input {Width}x{Height}, {Classes} classes, execution provider {Provider}")]
    public static partial void ModelLoaded(ILogger logger, string path, string layout, int width, int height, int classes, string provider);

    [LoggerMessage(12, LogLevel.Information, "Using native ONNX Runtime library {Library}")]
    public static partial void NativeLibrary(ILogger logger, string library);

    [LoggerMessage(13, LogLevel.Warning, "Model {Path} has no retinanet.layout metadata: its class outputs are {Kind} (probe range [{Min}, {Max}]), so layout {Layout} is assumed; set model.layout to override")]
    public static partial void LayoutInferred(ILogger logger, string path, string layout, string kind, float min, float max);

    [LoggerMessage(14, LogLevel.Warning, "Model {Path}: layout B (logits) is set, but a probe run gave class values in [{Min}, {Max}], which look like probabilities (layout A)")]
    public static partial void LayoutDoubt(ILogger logger, string path, float min, float max);
}
