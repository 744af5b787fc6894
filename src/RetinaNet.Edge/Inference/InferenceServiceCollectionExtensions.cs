using Microsoft.Extensions.Options;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Inference;

public static class InferenceServiceCollectionExtensions
{
    /// <summary>Inference: its options (<c>model</c>, <c>inference</c>; validated at start) and the detector (model,
    /// execution providers, its meter), loaded when first resolved.</summary>
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        builder.BindSection<ModelOptions, ModelOptionsValidator>("model").WithRules<ModelOptions, ModelOptionsRules>();
        // The default providers are emptied first: the binder adds a list's items to those it finds.
        builder.BindSection<InferenceOptions, InferenceOptionsValidator>("inference", o => o.Providers = []).WithRules<InferenceOptions, InferenceOptionsRules>();
        builder.Services.AddSingleton<IDetector>(sp =>
        {
            var inference = sp.GetRequiredService<IOptions<InferenceOptions>>().Value;
            var paths = sp.GetRequiredService<AgentPaths>();
            var logger = sp.GetRequiredService<ILogger<OnnxDetector>>();
            if (inference.NativeLibrary is { } lib)
            {
                NativeOnnxRuntime.Use(paths.Resolve(lib));
                Log.NativeLibrary(logger, lib);
            }
            return new OnnxDetector(sp.GetRequiredService<IOptions<ModelOptions>>().Value, inference, paths, logger, sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        });
        return builder;
    }
}

/// <summary>Source-generated validators of the inference options' DataAnnotations (run by <c>ValidateOnStart</c>).</summary>
[OptionsValidator]
internal sealed partial class ModelOptionsValidator : IValidateOptions<ModelOptions>;

[OptionsValidator]
internal sealed partial class InferenceOptionsValidator : IValidateOptions<InferenceOptions>;
