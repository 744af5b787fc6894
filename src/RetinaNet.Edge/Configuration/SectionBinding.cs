using Microsoft.Extensions.Options;

namespace RetinaNet.Edge.Configuration;

/// <summary>How a stage declares its options: bound from its section of the running agent.json
/// (<see cref="AgentSettings"/>), validated at start by its source-generated DataAnnotations validator (and the
/// stage's <see cref="StageRules{T}"/>, registered beside it).</summary>
public static class SectionBinding
{
    /// <summary>The agent's settings, put on the builder by <c>AddEdgeAgent</c> before any stage is added.</summary>
    public static AgentSettings AgentSettings(this IHostApplicationBuilder builder) =>
        builder.Properties.TryGetValue(typeof(AgentSettings), out var s) ? (AgentSettings)s
            : throw new InvalidOperationException("AddEdgeAgent(config) adds the configuration before the stages");

    /// <param name="section">The section's key; "" binds the whole file.</param>
    /// <param name="reset">Runs before binding: a list with default items must be emptied first, because the binder
    /// adds a section's items to the list it finds (the section always lists every item).</param>
    internal static OptionsBuilder<T> BindSection<T, TValidator>(this IHostApplicationBuilder builder, string section, Action<T>? reset = null)
        where T : class where TValidator : class, IValidateOptions<T>
    {
        builder.Services.AddSingleton<IValidateOptions<T>, TValidator>();
        var options = builder.Services.AddOptions<T>();
        if (reset is not null) options.Configure(reset);
        var root = builder.AgentSettings().Root;
        return options.Bind(section.Length == 0 ? root : root.GetSection(section), b => b.ErrorOnUnknownConfiguration = true).ValidateOnStart();
    }

    /// <summary>Registers a stage's cross-field rules as a start-time validator too.</summary>
    internal static OptionsBuilder<T> WithRules<T, TRules>(this OptionsBuilder<T> options) where T : class where TRules : StageRules<T>
    {
        options.Services.AddSingleton<IValidateOptions<T>, TRules>();
        return options;
    }
}
