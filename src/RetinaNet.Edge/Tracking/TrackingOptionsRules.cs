using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Tracking;

/// <summary><c>tracking</c>: the second-pass score is not above the first's.</summary>
internal sealed class TrackingOptionsRules(ConfigSite site) : StageRules<TrackingOptions>(site)
{
    public override void Check(TrackingOptions tracking, List<string> problems)
    {
        if (tracking.LowScore > tracking.HighScore)
            problems.Add($"{Site.File}: 'tracking.lowScore' = {tracking.LowScore}: larger than tracking.highScore {tracking.HighScore}");
    }
}
