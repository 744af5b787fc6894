namespace RetinaNet.Edge.Configuration;

/// <summary>agent.json's own keys: the state and cameras folders are folders, and the cameras folder lies inside the
/// configuration's folder (the camera API and the dashboard's editor write there: never into /etc or another program's
/// folder). <see cref="All"/> runs every stage's rules on a loaded file.</summary>
internal sealed class AgentOptionsRules(ConfigSite site) : StageRules<AgentOptions>(site)
{
    public override void Check(AgentOptions agent, List<string> problems)
    {
        CheckFolder("stateFolder", agent.StateFolder, problems);
        CheckFolder("camerasFolder", agent.CamerasFolder, problems);
        var root = Site.BaseDirectory.TrimEnd('/');
        var cameras = Site.Resolve(agent.CamerasFolder).TrimEnd('/');
        if (cameras != root && !cameras.StartsWith(root + "/", StringComparison.Ordinal))
            problems.Add($"{Site.File}: 'camerasFolder' = {Redaction.Show(agent.CamerasFolder)}: must be inside the configuration's folder {Site.BaseDirectory} (the camera API writes there)");
    }

    /// <summary>Every section's DataAnnotations (one message shape: file, key, value, reason), then each stage's rules.</summary>
    public static void All(AgentOptions agent, ConfigSite site, List<string> problems)
    {
        OptionsValidation.Validate(agent, site.File, "", problems);
        new Inference.ModelOptionsRules(site).Check(agent.Model, problems);
        new Inference.InferenceOptionsRules(site).Check(agent.Inference, problems);
        new Web.HttpOptionsRules(site).Check(agent.Http, problems);
        new Publishing.MqttOptionsRules(site).Check(agent.Mqtt, problems);
        new Tracking.TrackingOptionsRules(site).Check(agent.Tracking, problems);
        new Snapshots.SnapshotOptionsRules(site).Check(agent.Snapshots, problems);
        new Recording.RecordingOptionsRules(site).Check(agent.Recording, problems);
        new AgentOptionsRules(site).Check(agent, problems);
    }
}
