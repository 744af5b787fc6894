using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Configuration;

/// <summary>config/agent.json: one section per stage, each bound to the options type its stage folder owns, and the
/// agent-wide folders.</summary>
public sealed class AgentOptions
{
    [Required, Microsoft.Extensions.Options.ValidateObjectMembers] public Inference.ModelOptions Model { get; set; } = new();
    [Required, Microsoft.Extensions.Options.ValidateObjectMembers] public Inference.InferenceOptions Inference { get; set; } = new();
    [Required, Microsoft.Extensions.Options.ValidateObjectMembers] public Publishing.MqttOptions Mqtt { get; set; } = new();
    [Required, Microsoft.Extensions.Options.ValidateObjectMembers] public Tracking.TrackingOptions Tracking { get; set; } = new();
    [Required, Microsoft.Extensions.Options.ValidateObjectMembers] public Web.HttpOptions Http { get; set; } = new();
    [Required, Microsoft.Extensions.Options.ValidateObjectMembers] public LiveView.LiveViewOptions LiveView { get; set; } = new();
    [Required, Microsoft.Extensions.Options.ValidateObjectMembers] public Snapshots.SnapshotOptions Snapshots { get; set; } = new();
    [Required, Microsoft.Extensions.Options.ValidateObjectMembers] public Recording.RecordingOptions Recording { get; set; } = new();
    [Required, Microsoft.Extensions.Options.ValidateObjectMembers] public History.HistoryOptions History { get; set; } = new();
    /// <summary>Folder of per-camera JSON files, relative to agent.json.</summary>
    public string CamerasFolder { get; set; } = Defaults.CamerasFolder;
    /// <summary>Folder for durable state (the MQTT outbox, event sequence numbers, track id counters), relative to
    /// agent.json; <c>/var/lib/retinanet-edge</c> when installed.</summary>
    [Required(AllowEmptyStrings = false)] public string StateFolder { get; set; } = Defaults.StateFolder;
}
