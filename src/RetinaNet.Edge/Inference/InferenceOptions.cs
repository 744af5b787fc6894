using System.ComponentModel.DataAnnotations;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Imaging;

namespace RetinaNet.Edge.Inference;

/// <summary>agent.json <c>model</c>: the file, its output layout and the decoder's thresholds.</summary>
public sealed class ModelOptions
{
    [Required(AllowEmptyStrings = false)] public string Path { get; set; } = Defaults.ModelPath;
    /// <summary>Output layout: A (ODTK/zoo), B (torchvision raw heads), C (end-to-end). Read from model metadata if null.</summary>
    public OutputLayout? Layout { get; set; }
    /// <summary>Label file (one name per line); the model's embedded labels, then COCO's 80, if null.</summary>
    public string? Labels { get; set; }
    [Range(0.5, 64)] public float? AnchorOctaveBase { get; set; }
    [Range(0.0, 1.0)] public float ScoreThreshold { get; set; } = Defaults.ScoreThreshold;
    [Range(1, 100_000)] public int TopKPerLevel { get; set; } = Defaults.TopKPerLevel;
    [Range(0.0, 1.0)] public float NmsThreshold { get; set; } = Defaults.NmsThreshold;
    [Range(1, 10_000)] public int MaxDetections { get; set; } = Defaults.MaxDetections;
    public ResizeMode Resize { get; set; } = ResizeMode.Letterbox;
}

/// <summary>agent.json <c>inference</c>: execution providers, batching and the stall limit.</summary>
public sealed class InferenceOptions
{
    /// <summary>Execution providers to try in order: tensorrt, cuda, cpu.</summary>
    [Required, MinLength(1)] public List<ExecutionProvider> Providers { get; set; } = [ExecutionProvider.TensorRt, ExecutionProvider.Cuda, ExecutionProvider.Cpu];
    [Range(0, 64)] public int DeviceId { get; set; }
    public bool TensorRtFp16 { get; set; } = true;
    /// <summary>Folder for built TensorRT engines (relative to agent.json): a restart loads instead of rebuilding.</summary>
    public string? TensorRtEngineCache { get; set; }
    /// <summary>Folder for TensorRT's timing cache: speeds up building an engine for another model or batch.</summary>
    public string? TensorRtTimingCache { get; set; }
    /// <summary>TensorRT builder workspace.</summary>
    [Range(16, 1_048_576)] public int TensorRtWorkspaceMegabytes { get; set; } = 1024;
    /// <summary>Optimization profile of a dynamic batch: min and opt batch (max is <see cref="MaxBatch"/>; opt 0 = max).</summary>
    [Range(1, 64)] public int TensorRtMinBatch { get; set; } = 1;
    [Range(0, 64)] public int TensorRtOptBatch { get; set; }
    /// <summary>CUDA memory arena limit (0: no limit).</summary>
    [Range(0, 1_048_576)] public int CudaMemoryLimitMegabytes { get; set; }
    /// <summary>A GPU-enabled libonnxruntime.so to load instead of the bundled CPU one (e.g. JetPack's).</summary>
    public string? NativeLibrary { get; set; }
    /// <summary>ONNX Runtime's intra-op threads per run (0: chosen from the core count, see <see cref="Workers"/>).</summary>
    [Range(0, 256)] public int IntraOpThreads { get; set; }
    /// <summary>Pipeline lanes: batches taken, preprocessed, inferred and decoded at once, each on its own thread (0: on
    /// the CPU provider one per core with one intra-op thread each — no run waits on a sibling thread that capture
    /// preempted; on GPU providers two, one preprocessing while the other's batch is on the device). Tracking and
    /// events stay in frame order.</summary>
    [Range(0, 16)] public int Workers { get; set; }
    /// <summary>Let ONNX Runtime's idle intra-op threads spin between parallel sections (faster hand-over, but the spin
    /// burns the cycles capture, preprocessing and tracking need on a small box). Off by default: the agent's stages
    /// share the cores with inference.</summary>
    public bool IntraOpSpinning { get; set; }
    [Range(1, 64)] public int MaxBatch { get; set; } = Defaults.MaxBatch;
    /// <summary>Frames arriving but none processed (or every batch failing) this long is fatal: not ready, no watchdog pings.</summary>
    [Range(5, 3600)] public double StallSeconds { get; set; } = 30;
}
