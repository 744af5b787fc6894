using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Configuration;

/// <summary>config/agent.json: the model, the execution providers, MQTT, and agent-wide limits.</summary>
public sealed class AgentOptions
{
    [Required] public ModelOptions Model { get; set; } = new();
    [Required] public InferenceOptions Inference { get; set; } = new();
    [Required] public MqttOptions Mqtt { get; set; } = new();
    [Required] public TrackingOptions Tracking { get; set; } = new();
    [Required] public Web.HttpOptions Http { get; set; } = new();
    [Required] public Web.SnapshotOptions Snapshots { get; set; } = new();
    /// <summary>Folder of per-camera JSON files, relative to agent.json.</summary>
    public string CamerasFolder { get; set; } = Defaults.CamerasFolder;
}

public sealed class ModelOptions
{
    [Required(AllowEmptyStrings = false)] public string Path { get; set; } = Defaults.ModelPath;
    /// <summary>Output layout: A (ODTK/zoo), B (torchvision raw heads), C (end-to-end). Read from model metadata if null.</summary>
    [RegularExpression("^[ABC]$", ErrorMessage = "must be A, B or C")] public string? Layout { get; set; }
    /// <summary>Label file (one name per line); the model's embedded labels, then COCO's 80, if null.</summary>
    public string? Labels { get; set; }
    [Range(0.5, 64)] public float? AnchorOctaveBase { get; set; }
    [Range(0.0, 1.0)] public float ScoreThreshold { get; set; } = Defaults.ScoreThreshold;
    [Range(1, 100_000)] public int TopKPerLevel { get; set; } = Defaults.TopKPerLevel;
    [Range(0.0, 1.0)] public float NmsThreshold { get; set; } = Defaults.NmsThreshold;
    [Range(1, 10_000)] public int MaxDetections { get; set; } = Defaults.MaxDetections;
    [RegularExpression("^(letterbox|stretch)$", ErrorMessage = "must be letterbox or stretch")] public string Resize { get; set; } = "letterbox";
}

public sealed class InferenceOptions
{
    /// <summary>Execution providers to try in order: tensorrt, cuda, cpu.</summary>
    [Required, MinLength(1)] public List<string> Providers { get; set; } = ["tensorrt", "cuda", "cpu"];
    [Range(0, 64)] public int DeviceId { get; set; }
    public bool TensorRtFp16 { get; set; } = true;
    public string? TensorRtEngineCache { get; set; }
    /// <summary>A GPU-enabled libonnxruntime.so to load instead of the bundled CPU one (e.g. JetPack's).</summary>
    public string? NativeLibrary { get; set; }
    [Range(0, 256)] public int IntraOpThreads { get; set; }
    [Range(1, 64)] public int MaxBatch { get; set; } = Defaults.MaxBatch;
}

public sealed class MqttOptions
{
    /// <summary>Broker host; null or empty runs the embedded broker on 127.0.0.1.</summary>
    public string? Host { get; set; }
    [Range(1, 65535)] public int Port { get; set; } = Defaults.MqttPort;
    public string? Username { get; set; }
    /// <summary>Password; prefer <see cref="PasswordEnv"/>.</summary>
    public string? Password { get; set; }
    /// <summary>Environment variable holding the password.</summary>
    public string? PasswordEnv { get; set; }
    public string? ClientId { get; set; }
    [Range(0, 2)] public int Qos { get; set; } = Defaults.MqttQos;
    [Range(1, 3600)] public int KeepAliveSeconds { get; set; } = Defaults.MqttKeepAliveSeconds;
    [Required, RegularExpression("^[^#+]+$", ErrorMessage = "must not contain MQTT wildcards")] public string TopicPrefix { get; set; } = Defaults.TopicPrefix;
    public bool Tls { get; set; }
    public string? CaFile { get; set; }
    public string? ClientCertFile { get; set; }
    public string? ClientKeyFile { get; set; }
    [Range(1, 1_000_000)] public int QueueCapacity { get; set; } = Defaults.PublishQueueCapacity;
    [Range(1, 86400)] public double StatsIntervalSeconds { get; set; } = 30;
    /// <summary>Publish Home Assistant MQTT discovery messages (retained) for every camera.</summary>
    public bool HomeAssistantDiscovery { get; set; }
    [Required, RegularExpression("^[^#+]+$", ErrorMessage = "must not contain MQTT wildcards")] public string DiscoveryPrefix { get; set; } = "homeassistant";
    /// <summary>Port of the embedded broker when <see cref="Host"/> is empty.</summary>
    [Range(1, 65535)] public int EmbeddedPort { get; set; } = Defaults.MqttPort;

    [JsonIgnore] public bool Embedded => string.IsNullOrWhiteSpace(Host);
}

public sealed class TrackingOptions
{
    [Range(1, 100)] public int ConfirmHits { get; set; } = Defaults.TrackConfirmHits;
    [Range(1, 10_000)] public int MaxMisses { get; set; } = Defaults.TrackMaxMisses;
    [Range(0.0, 1.0)] public float HighScore { get; set; } = Defaults.TrackHighScore;
    [Range(0.0, 1.0)] public float LowScore { get; set; } = Defaults.TrackLowScore;
    [Range(0.0, 1.0)] public float MatchIou { get; set; } = Defaults.TrackMatchIou;
    [Range(0.1, 3600)] public double UpdateIntervalSeconds { get; set; } = Defaults.UpdateIntervalSeconds;
}
