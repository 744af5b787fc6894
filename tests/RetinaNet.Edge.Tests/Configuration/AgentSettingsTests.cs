using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.LiveView;
using RetinaNet.Edge.Publishing;
using RetinaNet.Edge.Publishing.Outbox;
using RetinaNet.Edge.Recording;
using RetinaNet.Edge.Snapshots;
using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Web;

namespace RetinaNet.Edge.Tests.Configuration;

/// <summary>Every stage's options come from its section of the loaded agent.json through <c>AddOptions().Bind</c>
/// (the real host's registrations): the bound values are the loaded ones, enums by their JSON names, lists not doubled
/// by their defaults; live keys reach <c>IOptionsMonitor</c>, the others wait for a restart.</summary>
public class AgentSettingsTests
{
    private const string Rich = """
        {
          "model": { "path": "model.onnx", "layout": "B", "resize": "stretch", "scoreThreshold": 0.35, "anchorOctaveBase": 4 },
          "inference": { "providers": ["cpu"], "maxBatch": 3, "intraOpThreads": 2, "stallSeconds": 12.5 },
          "mqtt": { "host": "broker.lan", "port": 8883, "protocol": "3.1.1", "topicPrefix": "site1/cams", "qos": 0,
                    "outbox": { "fsync": "full", "maxMegabytes": 64 } },
          "tracking": { "confirmHits": 2, "highScore": 0.6, "lowScore": 0.05 },
          "http": { "port": 9090, "readOnly": true },
          "liveView": { "mjpegFps": 2.5, "jpegQuality": 70, "hlsEncoder": "h264_v4l2m2m" },
          "snapshots": { "enabled": false, "maxCount": 10 },
          "recording": { "enabled": true, "preSeconds": 1.5, "labels": ["person", "car"], "zones": ["door"], "cameraQuotaMegabytes": 150 },
          "stateFolder": "state"
        }
        """;

    private static AgentConfig Load(string agentJson)
    {
        var dir = RepoPaths.TempFolder("settings");
        Directory.CreateDirectory(Path.Combine(dir, "cameras"));
        File.Copy(RepoPaths.DemoModel, Path.Combine(dir, "model.onnx"));
        File.WriteAllText(Path.Combine(dir, "agent.json"), agentJson);
        return ConfigLoader.Load(Path.Combine(dir, "agent.json"));
    }

    private static IHost Build(AgentConfig config) => ToolHost.BuildAgent(config);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, ConfigLoader.Json);

    [Fact]
    public void BindSection_RichAgentJson_EveryStageGetsTheLoadedValues()
    {
        var config = Load(Rich);
        using var host = Build(config);
        T Bound<T>() where T : class => host.Services.GetRequiredService<IOptions<T>>().Value;
        Assert.Equal(Json(config.Agent.Model), Json(Bound<ModelOptions>()));
        Assert.Equal(Json(config.Agent.Inference), Json(Bound<InferenceOptions>()));
        Assert.Equal(Json(config.Agent.Mqtt), Json(Bound<MqttOptions>()));
        Assert.Equal(Json(config.Agent.Tracking), Json(Bound<TrackingOptions>()));
        Assert.Equal(Json(config.Agent.Http), Json(Bound<HttpOptions>()));
        Assert.Equal(Json(config.Agent.LiveView), Json(Bound<LiveViewOptions>()));
        Assert.Equal(Json(config.Agent.Snapshots), Json(Bound<SnapshotOptions>()));
        Assert.Equal(Json(config.Agent.Recording), Json(Bound<RecordingOptions>()));
        Assert.Equal(Json(config.Agent), Json(Bound<AgentOptions>()));
        // The values that a naive binding gets wrong: a list with defaults, and enums whose JSON names are not .NET's.
        Assert.Equal([ExecutionProvider.Cpu], Bound<InferenceOptions>().Providers);
        Assert.Equal(MqttProtocol.V311, Bound<MqttOptions>().Protocol);
        Assert.Equal(OutboxFsync.Full, Bound<MqttOptions>().Outbox.Fsync);
        Assert.Equal(HlsEncoder.V4l2m2m, Bound<LiveViewOptions>().HlsEncoder);
    }

    [Fact]
    public void BindSection_Defaults_BoundOptionsEqualNewOnes()
    {
        var config = Load("""{ "model": { "path": "model.onnx" } }""");
        using var host = Build(config);
        Assert.Equal(Json(new InferenceOptions()), Json(host.Services.GetRequiredService<IOptions<InferenceOptions>>().Value));
        Assert.Equal(Json(new RecordingOptions()), Json(host.Services.GetRequiredService<IOptions<RecordingOptions>>().Value));
        Assert.Equal(Json(new MqttOptions()), Json(host.Services.GetRequiredService<IOptions<MqttOptions>>().Value));
    }

    [Fact]
    public void BindSection_AnyRecordingAndTrackingValues_RoundTrip()
    {
        var dir = RepoPaths.TempFolder("settings-gen");
        Gen.Select(Gen.Double[0, 60], Gen.Double[5, 86_400], Gen.Int[1, 100], Gen.Float[0, 1], Gen.String[Gen.Char.AlphaNumeric, 1, 12].Array[0, 4])
            .Sample((pre, max, hits, score, labels) =>
            {
                var agent = new AgentOptions
                {
                    Model = new ModelOptions { Path = RepoPaths.DemoModel },
                    Recording = new RecordingOptions { PreSeconds = pre, MaxClipSeconds = max, Labels = [.. labels] },
                    Tracking = new TrackingOptions { ConfirmHits = hits, HighScore = score, LowScore = score / 2 },
                    StateFolder = dir,
                };
                using var host = Build(new AgentConfig(agent, [], dir, RepoPaths.DemoModel));
                return Json(agent.Recording) == Json(host.Services.GetRequiredService<IOptions<RecordingOptions>>().Value)
                    && Json(agent.Tracking) == Json(host.Services.GetRequiredService<IOptions<TrackingOptions>>().Value);
            }, iter: 40);
    }

    [Fact]
    public void ApplyLive_QuotaAndMqttHostChanged_MonitorSeesTheQuotaOnlyTheHostWaits()
    {
        var config = Load(Rich);
        using var host = Build(config);
        var settings = host.Services.GetRequiredService<AgentSettings>();
        var recording = host.Services.GetRequiredService<IOptionsMonitor<RecordingOptions>>();
        var mqtt = host.Services.GetRequiredService<IOptionsMonitor<MqttOptions>>();
        var started = host.Services.GetRequiredService<IOptions<RecordingOptions>>().Value; // what a stage read at start
        int changes = 0;
        using var _ = recording.OnChange(_ => changes++);

        var next = JsonSerializer.Deserialize<AgentOptions>(Json(config.Agent), ConfigLoader.Json)!;
        next.Recording.CameraQuotaMegabytes = 90;
        next.Recording.Labels = ["person"];
        next.Recording.Folder = "elsewhere";
        next.Mqtt.Host = "other.lan";
        var applied = settings.ApplyLive(next, ["mqtt.host", "recording.cameraQuotaMegabytes", "recording.folder", "recording.labels"]);

        Assert.Equal(["recording.cameraQuotaMegabytes", "recording.labels"], applied);
        Assert.Equal(90, recording.CurrentValue.CameraQuotaMegabytes);
        Assert.Equal(["person"], recording.CurrentValue.Labels);
        Assert.Equal(config.Agent.Recording.Folder, recording.CurrentValue.Folder); // needs a restart
        Assert.Equal("broker.lan", mqtt.CurrentValue.Host);                         // needs a restart
        Assert.Equal("broker.lan", settings.Current.Mqtt.Host);
        Assert.True(changes >= 1);
        Assert.Equal(150, started.CameraQuotaMegabytes); // IOptions: as started
        Assert.Same(started, host.Services.GetRequiredService<IOptions<RecordingOptions>>().Value);
    }

    [Fact]
    public void LiveKeys_AreRecordingsAndTheLiveViewsNotFoldersOrSwitches()
    {
        Assert.Contains("recording.cameraQuotaMegabytes", AgentSettings.LiveKeys);
        Assert.Contains("liveView.jpegQuality", AgentSettings.LiveKeys);
        Assert.DoesNotContain("recording.enabled", AgentSettings.LiveKeys);
        Assert.DoesNotContain("recording.folder", AgentSettings.LiveKeys);
        Assert.DoesNotContain(AgentSettings.LiveKeys, k => k.StartsWith("mqtt.", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_CodeBuiltConfigBreakingAStageRule_FailsNamingTheKey()
    {
        var dir = RepoPaths.TempFolder("settings-rule");
        var agent = new AgentOptions { Model = new ModelOptions { Path = RepoPaths.DemoModel }, Tracking = new TrackingOptions { HighScore = 0.2f, LowScore = 0.4f }, StateFolder = dir };
        using var host = Build(new AgentConfig(agent, [], dir, RepoPaths.DemoModel));
        var e = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<TrackingOptions>>().Value);
        Assert.Contains("'tracking.lowScore' = 0.4: larger than tracking.highScore 0.2", e.Message, StringComparison.Ordinal);
    }
}
