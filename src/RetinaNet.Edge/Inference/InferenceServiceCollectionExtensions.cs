using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Inference;

public static class InferenceServiceCollectionExtensions
{
    /// <summary>Inference: the detector (model, execution providers, its meter), loaded when first resolved.</summary>
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IDetector>(sp =>
        {
            var config = sp.GetRequiredService<AgentConfig>();
            var logger = sp.GetRequiredService<ILogger<OnnxDetector>>();
            if (config.Agent.Inference.NativeLibrary is { } lib)
            {
                NativeOnnxRuntime.Use(ConfigLoader.Resolve(config.BaseDirectory, lib));
                Log.NativeLibrary(logger, lib);
            }
            return new OnnxDetector(config, logger, sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        });
        return builder;
    }
}
