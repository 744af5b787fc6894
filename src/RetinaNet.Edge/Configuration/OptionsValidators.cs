using Microsoft.Extensions.Options;

namespace RetinaNet.Edge.Configuration;

/// <summary>Source-generated validator of agent.json's DataAnnotations (its own keys and, through
/// <c>ValidateObjectMembers</c>, its sections), run when the host starts (<c>ValidateOnStart</c>) — which also covers
/// configurations built in code by the tool commands. <see cref="ConfigLoader"/> reports the same annotations of a
/// file with file, key and value (<see cref="OptionsValidation"/>).</summary>
[OptionsValidator]
internal sealed partial class AgentOptionsValidator : IValidateOptions<AgentOptions>;
