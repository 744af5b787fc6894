namespace RetinaNet.Edge.Configuration;

/// <summary>A key of agent.json that takes effect while the agent runs: when the file changes (and the loader accepts
/// it) the new value reaches the stage through <c>IOptionsMonitor</c>. Every other key needs a restart, and the agent
/// says which.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AppliesLiveAttribute : Attribute;
