using System.Net;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Publishing;
using System.Net.Sockets;

namespace RetinaNet.Edge.Hosting;

/// <summary>The agent built for a tool command (eval, bench): an in-memory configuration, the host, free ports.</summary>
internal static class ToolHost
{
    /// <summary>A free TCP port on the loopback interface (for an embedded broker or a test server).</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>An in-memory agent configuration for a tool run: the embedded broker on a free port, no HTTP server
    /// (unless <paramref name="httpPort"/> is given) and no snapshots.</summary>
    public static AgentConfig ToolConfig(string model, IReadOnlyList<CameraOptions> cameras, string topicPrefix, int? httpPort = null) =>
        ToolConfig(ToolModel.Of(model), cameras, topicPrefix, httpPort);

    /// <summary>As above, with the model options of <c>--config</c> or the command line (<see cref="ModelArguments"/>).</summary>
    public static AgentConfig ToolConfig(ToolModel model, IReadOnlyList<CameraOptions> cameras, string topicPrefix, int? httpPort = null) => new(
        new AgentOptions
        {
            Model = model.Model,
            Inference = model.Inference,
            Mqtt = new MqttOptions { EmbeddedPort = FreePort(), TopicPrefix = topicPrefix },
            Http = httpPort is { } port ? new Web.HttpOptions { Port = port } : new Web.HttpOptions { Enabled = false },
            Snapshots = new Snapshots.SnapshotOptions { Enabled = false },
            // A tool run keeps its outbox in a throw-away folder, never in the working or model folder.
            StateFolder = Path.Combine(Path.GetTempPath(), $"retinanet-edge-{topicPrefix}-{Environment.ProcessId}-{Guid.NewGuid():N}"),
        }, cameras, model.BaseDirectory, model.Path);

    /// <summary>The detector of a configuration (tool commands load the model without a host).</summary>
    internal static Inference.OnnxDetector Detector(AgentConfig config, Microsoft.Extensions.Logging.ILogger logger, System.Diagnostics.Metrics.IMeterFactory? meters = null) =>
        new(config.Agent.Model, config.Agent.Inference, AgentPaths.Of(config), logger, meters);

    /// <summary>The publishing stage of a configuration over <paramref name="outbox"/>, for benchmarks without a host
    /// (logging off: a bench prints its own figures).</summary>
    internal static Publishing.IStandaloneSink Sink(AgentConfig config, Publishing.Outbox.SqliteOutbox outbox) =>
        new Publishing.MqttEventSink(Microsoft.Extensions.Options.Options.Create(config.Agent.Mqtt), AgentPaths.Of(config), outbox, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Publishing.MqttEventSink>.Instance);

    /// <summary>The full agent as <c>run</c> builds it, without console logging, plus extra frame observers.</summary>
    public static IHost BuildAgent(AgentConfig config, params Pipeline.IFrameObserver[] observers)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders();
        builder.AddEdgeAgent(config);
        foreach (var o in observers) builder.Services.AddSingleton(o);
        return builder.Build();
    }

    /// <summary>Runs a program to its end (e.g. ffmpeg making a clip); a failure throws with what it printed.</summary>
    public static void RunTool(string program, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{program} failed: {err}");
    }

    /// <summary>The benches' default model: the repository's demo model, found above the working and program folders.</summary>
    public static string DemoModel => RepositoryFiles.Find("models/retinanet-edge-demo.onnx") ?? "models/retinanet-edge-demo.onnx";
}
