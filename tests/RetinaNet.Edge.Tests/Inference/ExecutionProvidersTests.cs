using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Inference;

namespace RetinaNet.Edge.Tests.Inference;

public class ExecutionProvidersTests
{
    [Fact]
    public void TensorRtSettings_DynamicBatch_ProfileCachesWorkspaceFp16()
    {
        var options = new InferenceOptions
        {
            DeviceId = 1, TensorRtFp16 = true, TensorRtEngineCache = "trt/engines", TensorRtTimingCache = "/var/cache/trt-timing",
            TensorRtWorkspaceMegabytes = 512, MaxBatch = 4, TensorRtMinBatch = 1, TensorRtOptBatch = 2,
        };
        var s = ExecutionProviders.TensorRtSettings(options, new ModelInput("input", 480, 640, DynamicBatch: true), "/etc/retinanet-edge");
        Assert.Equal("1", s["device_id"]);
        Assert.Equal("1", s["trt_fp16_enable"]);
        Assert.Equal((512L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), s["trt_max_workspace_size"]);
        Assert.Equal("/etc/retinanet-edge/trt/engines", s["trt_engine_cache_path"]);
        Assert.Equal("1", s["trt_timing_cache_enable"]);
        Assert.Equal("/var/cache/trt-timing", s["trt_timing_cache_path"]);
        Assert.Equal("input:1x3x480x640", s["trt_profile_min_shapes"]);
        Assert.Equal("input:2x3x480x640", s["trt_profile_opt_shapes"]);
        Assert.Equal("input:4x3x480x640", s["trt_profile_max_shapes"]);
    }

    [Fact]
    public void TensorRtSettings_FixedBatchNoCaches_NoProfileNoCache()
    {
        var s = ExecutionProviders.TensorRtSettings(new InferenceOptions { TensorRtFp16 = false }, new ModelInput("images", 256, 384, DynamicBatch: false), "/x");
        Assert.Equal("0", s["trt_fp16_enable"]);
        Assert.False(s.ContainsKey("trt_engine_cache_enable"));
        Assert.False(s.ContainsKey("trt_profile_min_shapes"));
    }

    [Fact]
    public void CudaSettings_MemoryLimit_ArenaCapped()
    {
        var s = ExecutionProviders.CudaSettings(new InferenceOptions { DeviceId = 0, CudaMemoryLimitMegabytes = 2048 });
        Assert.Equal((2048L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), s["gpu_mem_limit"]);
        Assert.Equal("kSameAsRequested", s["arena_extend_strategy"]);
        Assert.False(ExecutionProviders.CudaSettings(new InferenceOptions()).ContainsKey("gpu_mem_limit"));
    }

    [Fact]
    public void ModelInput_DemoModel_DynamicBatchAndSize()
    {
        var input = ModelInput.Read(RepoPaths.DemoModel);
        Assert.Equal(("input", 256, 384, true), (input.Name, input.Height, input.Width, input.DynamicBatch));
    }
}
