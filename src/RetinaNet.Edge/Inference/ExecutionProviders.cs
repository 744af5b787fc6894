using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Inference;

/// <summary>The execution provider chain: the first of <c>inference.providers</c> (tensorrt, cuda, cpu) that loads
/// the model wins; each one that cannot is skipped with one log line naming it and why (a missing libcublas or
/// libnvinfer, no GPU). TensorRT gets fp16, the engine and timing caches, the workspace and an optimization profile
/// for a dynamic batch, and says whether it built an engine (minutes on a Jetson) or loaded one from its cache.</summary>
internal static class ExecutionProviders
{
    /// <returns>The session, the provider in use, and the session's options (kept alive with the session and disposed
    /// after it).</returns>
    public static (InferenceSession Session, ExecutionProvider Provider, SessionOptions Options) CreateSession(string modelPath, InferenceOptions options, string baseDirectory, ILogger logger)
    {
        if (!File.Exists(modelPath)) throw new ModelLoadException($"model file not found: {modelPath}");
        // A provider library that cannot load is reported by the log line below, with its reason; ONNX Runtime's
        // own logger would print the same failure again as raw text on stderr.
        OrtEnv.Instance().EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        Exception? last = null;
        foreach (var provider in options.Providers)
        {
#pragma warning disable CA2000 // returned with the session on success (the detector disposes it after the session), disposed in the catch otherwise
            var so = new SessionOptions();
#pragma warning restore CA2000
            try
            {
                so.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
                so.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
                var plan = ThreadPlan.For(options, provider, Environment.ProcessorCount);
                if (plan.IntraOpThreads > 0) so.IntraOpNumThreads = plan.IntraOpThreads;
                so.AddSessionConfigEntry("session.intra_op.allow_spinning", options.IntraOpSpinning ? "1" : "0");
                switch (provider)
                {
                    case ExecutionProvider.TensorRt:
                        var (trtSession, trtName) = CreateTensorRt(modelPath, options, baseDirectory, so, logger);
                        return (trtSession, trtName, so);
                    case ExecutionProvider.Cuda:
                        using (var cuda = new OrtCUDAProviderOptions())
                        {
                            cuda.UpdateOptions(CudaSettings(options));
                            so.AppendExecutionProvider_CUDA(cuda);
                        }
                        break;
                }
                return (new InferenceSession(modelPath, so), provider, so);
            }
            catch (Exception e) when (provider != ExecutionProvider.Cpu && e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                Log.ProviderUnavailable(logger, provider.Name(), FirstLine(e.Message));
                last = e;
                so.Dispose();
            }
            catch (OnnxRuntimeException e)
            {
                so.Dispose();
                throw new ModelLoadException($"cannot load model {modelPath}: {FirstLine(e.Message)}", e);
            }
        }
        throw new ModelLoadException($"no execution provider of [{string.Join(", ", options.Providers.Select(p => p.Name()))}] could load {modelPath}" +
            (last is null ? "" : $": {FirstLine(last.Message)}") + " (add \"cpu\" to inference.providers)", last);
    }

    private static (InferenceSession, ExecutionProvider) CreateTensorRt(string modelPath, InferenceOptions options, string baseDirectory, SessionOptions so, ILogger logger)
    {
        var input = ModelInput.Read(modelPath);
        var settings = TensorRtSettings(options, input, baseDirectory);
        using (var trt = new OrtTensorRTProviderOptions())
        {
            trt.UpdateOptions(settings);
            so.AppendExecutionProvider_Tensorrt(trt);
        }
        var cache = settings.GetValueOrDefault("trt_engine_cache_path");
        var before = cache is not null && Directory.Exists(cache) ? Directory.GetFiles(cache).ToHashSet() : [];
        Log.TensorRtBuilding(logger, modelPath, cache ?? "(none: set inference.tensorRtEngineCache, or every start rebuilds it)", before.Count > 0);
        var clock = Stopwatch.StartNew();
        var session = new InferenceSession(modelPath, so);
        var created = cache is not null && Directory.Exists(cache) ? Directory.GetFiles(cache).Where(f => !before.Contains(f)).ToList() : [];
        if (created.Count > 0 || cache is null) Log.TensorRtBuilt(logger, clock.Elapsed.TotalSeconds, cache ?? "(not cached)");
        else Log.TensorRtLoaded(logger, clock.Elapsed.TotalSeconds, cache);
        return (session, ExecutionProvider.TensorRt);
    }

    /// <summary>ONNX Runtime's TensorRT provider options for <paramref name="options"/> and the model's input.</summary>
    public static Dictionary<string, string> TensorRtSettings(InferenceOptions options, ModelInput input, string baseDirectory)
    {
        var s = new Dictionary<string, string>
        {
            ["device_id"] = options.DeviceId.ToString(CultureInfo.InvariantCulture),
            ["trt_fp16_enable"] = options.TensorRtFp16 ? "1" : "0",
            ["trt_max_workspace_size"] = ((long)options.TensorRtWorkspaceMegabytes * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
        };
        if (options.TensorRtEngineCache is { } cache)
        {
            s["trt_engine_cache_enable"] = "1";
            s["trt_engine_cache_path"] = ConfigLoader.Resolve(baseDirectory, cache);
        }
        if (options.TensorRtTimingCache is { } timing)
        {
            s["trt_timing_cache_enable"] = "1";
            s["trt_timing_cache_path"] = ConfigLoader.Resolve(baseDirectory, timing);
        }
        if (input.DynamicBatch)
        {
            int max = options.MaxBatch, min = Math.Min(options.TensorRtMinBatch, max), opt = options.TensorRtOptBatch == 0 ? max : Math.Clamp(options.TensorRtOptBatch, min, max);
            string Shape(int n) => $"{input.Name}:{n}x3x{input.Height}x{input.Width}";
            s["trt_profile_min_shapes"] = Shape(min);
            s["trt_profile_opt_shapes"] = Shape(opt);
            s["trt_profile_max_shapes"] = Shape(max);
        }
        return s;
    }

    public static Dictionary<string, string> CudaSettings(InferenceOptions options)
    {
        var s = new Dictionary<string, string> { ["device_id"] = options.DeviceId.ToString(CultureInfo.InvariantCulture) };
        if (options.CudaMemoryLimitMegabytes > 0)
        {
            s["gpu_mem_limit"] = ((long)options.CudaMemoryLimitMegabytes * 1024 * 1024).ToString(CultureInfo.InvariantCulture);
            s["arena_extend_strategy"] = "kSameAsRequested";
        }
        return s;
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}

/// <summary>A model's image input (name, H, W, dynamic batch), read without optimizing or placing the graph.</summary>
internal sealed record ModelInput(string Name, int Height, int Width, bool DynamicBatch)
{
    public static ModelInput Read(string modelPath)
    {
        using var so = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(modelPath, so);
        var (name, meta) = session.InputMetadata.First();
        var d = meta.Dimensions;
        return d.Length == 4 ? new ModelInput(name, d[2], d[3], d[0] <= 0) : throw new ModelLoadException($"{modelPath}: input '{name}' is not [N,3,H,W]");
    }
}
