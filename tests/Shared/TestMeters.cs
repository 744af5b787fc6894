using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace RetinaNet.Edge.Testing;

/// <summary>A real <see cref="IMeterFactory"/> (the one the host registers with AddMetrics) for unit tests that make a
/// stage by hand; read its instruments with Microsoft.Extensions.Diagnostics.Testing's MetricCollector.</summary>
internal sealed class TestMeters : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public IMeterFactory Factory => _services.GetRequiredService<IMeterFactory>();

    public void Dispose() => _services.Dispose();
}
