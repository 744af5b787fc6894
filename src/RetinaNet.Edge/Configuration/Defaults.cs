namespace RetinaNet.Edge.Configuration;

/// <summary>Defaults shared by more than one options type or command (the model path and decoder thresholds are also
/// the tool commands' defaults); every other default sits on its own options type.</summary>
internal static class Defaults
{
    public const string ConfigFolder = "config";
    public const string CamerasFolder = "cameras";
    public const string StateFolder = "state";
    public const string ModelPath = "models/retinanet-edge-demo.onnx";
    public const float ScoreThreshold = 0.05f;
    public const float EventScoreThreshold = 0.5f;
    public const int TopKPerLevel = 1000;
    public const float NmsThreshold = 0.5f;
    public const int MaxDetections = 100;
    public const double DetectFps = 5;
    public const int MaxBatch = 4;
    public const int QueueCapacity = 2;
    public const int DecoderNice = 0;
    public const double StallSeconds = 10;
    public const double ReconnectMaxSeconds = 30;
}
