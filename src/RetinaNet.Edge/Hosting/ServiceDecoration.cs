
namespace RetinaNet.Edge.Hosting;

/// <summary>Decorates the registered implementation of a seam: the decorator gets the previous one as its inner
/// service (how a stage wraps another's output without looking it up).</summary>
internal static class ServiceDecoration
{
    internal static IServiceCollection Decorate<TService, TDecorator>(this IServiceCollection services)
        where TService : class where TDecorator : class, TService
    {
        var previous = services.LastOrDefault(d => d.ServiceType == typeof(TService))
            ?? throw new InvalidOperationException($"nothing registered as {typeof(TService).Name} to decorate");
        services.Remove(previous);
        services.AddSingleton<TDecorator>(sp => ActivatorUtilities.CreateInstance<TDecorator>(sp, (TService)Inner(sp, previous)));
        services.AddSingleton<TService>(sp => sp.GetRequiredService<TDecorator>());
        return services;
    }

    private static object Inner(IServiceProvider sp, ServiceDescriptor d) =>
        d.ImplementationInstance ?? d.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, d.ImplementationType!);
}
