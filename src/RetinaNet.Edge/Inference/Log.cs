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

    [LoggerMessage(15, LogLevel.Information, "TensorRT: preparing the engine for {Path} (engine cache {Cache}; cached engine present: {Cached}); building one takes minutes on a Jetson")]
    public static partial void TensorRtBuilding(ILogger logger, string path, string cache, bool cached);

    [LoggerMessage(16, LogLevel.Information, "TensorRT engine built in {Seconds:F1} s, cached at {Cache}")]
    public static partial void TensorRtBuilt(ILogger logger, double seconds, string cache);

    [LoggerMessage(17, LogLevel.Information, "TensorRT engine loaded from cache {Cache} in {Seconds:F1} s")]
    public static partial void TensorRtLoaded(ILogger logger, double seconds, string cache);
}
