namespace RetinaNet.Edge.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>The pipeline: the batching and inference service, post-processing's
    /// seams and metrics, and the health rules readiness and the watchdog read.</summary>
    public static IHostApplicationBuilder AddPipeline(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PipelineMetrics>();
        builder.Services.AddSingleton<PostProcessingSeams>();
        builder.Services.AddSingleton(sp => new PipelineHealth(sp.GetRequiredService<TimeProvider>())
        {
            StallAfter = TimeSpan.FromSeconds(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Inference.InferenceOptions>>().Value.StallSeconds),
        });
        builder.Services.AddHostedService<InferenceService>();
        return builder;
    }
}
