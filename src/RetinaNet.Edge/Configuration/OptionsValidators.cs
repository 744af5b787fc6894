using Microsoft.Extensions.Options;

namespace RetinaNet.Edge.Configuration;

/// <summary>Source-generated validators of the same DataAnnotations that <see cref="OptionsValidation"/> reports with
/// file, key and value. <see cref="ConfigLoader"/> checks configuration files; these run again when the host starts
/// (<c>ValidateOnStart</c>), which also covers configurations built in code by the tool commands.</summary>
[OptionsValidator]
internal sealed partial class AgentOptionsValidator : IValidateOptions<AgentOptions>;

[OptionsValidator]
internal sealed partial class CameraOptionsValidator : IValidateOptions<CameraOptions>;

/// <summary>Puts an already-loaded options object into the options pipeline (a shallow copy of its properties).</summary>
internal sealed class CopyOptions<T>(T source) : IConfigureNamedOptions<T> where T : class
{
    public void Configure(T options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, T options)
    {
        foreach (var p in typeof(T).GetProperties().Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0))
            p.SetValue(options, p.GetValue(source));
    }
}

/// <summary>Configures only the named options instance (one per camera).</summary>
internal sealed class NamedCopy(string name, CopyOptions<CameraOptions> copy) : IConfigureNamedOptions<CameraOptions>
{
    public void Configure(CameraOptions options) { }

    public void Configure(string? name1, CameraOptions options)
    {
        if (name1 == name) copy.Configure(name1, options);
    }
}
