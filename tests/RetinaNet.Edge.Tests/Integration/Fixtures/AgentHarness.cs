using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Publishing;

namespace RetinaNet.Edge.Tests.Integration.Fixtures;

/// <summary>The real agent, in-process: config files written to a temp folder, loaded by <see cref="ConfigLoader"/>,
/// host built by <c>AddEdgeAgent</c> exactly as the service does.</summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private AgentHarness(IHost host, AgentConfig config, Microsoft.Extensions.Logging.Testing.FakeLogCollector logs) { _host = host; Config = config; Logs = logs; }

    /// <summary>Every log record of the run (Microsoft.Extensions.Diagnostics.Testing's FakeLogger).</summary>
    public Microsoft.Extensions.Logging.Testing.FakeLogCollector Logs { get; }

    public AgentConfig Config { get; }
    public RetinaNet.Edge.Cameras.CameraSupervisor Pipeline => _host.Services.GetRequiredService<RetinaNet.Edge.Cameras.CameraSupervisor>();
    public MqttEventSink Sink => _host.Services.GetRequiredService<MqttEventSink>();
    public IServiceProvider Services => _host.Services;
    public int HttpPort => _host.Services.GetRequiredService<RetinaNet.Edge.Web.HttpServer>().Port;
    public RetinaNet.Edge.Inference.IDetector Detector => _host.Services.GetRequiredService<RetinaNet.Edge.Inference.IDetector>();

    public static Task<AgentHarness> StartAsync(string agentJson, params (string Name, string Json)[] cameras) => StartAsync(agentJson, null, cameras);

    /// <param name="configure">Replaces parts of the agent after <c>AddEdgeAgent</c> (fault injection).</param>
    public static async Task<AgentHarness> StartAsync(string agentJson, Action<IHostApplicationBuilder, AgentConfig>? configure, params (string Name, string Json)[] cameras)
    {
        var dir = RepoPaths.TempFolder("agent");
        Directory.CreateDirectory(Path.Combine(dir, "cameras"));
        File.WriteAllText(Path.Combine(dir, "agent.json"), agentJson);
        foreach (var (name, json) in cameras) File.WriteAllText(Path.Combine(dir, "cameras", name + ".json"), json);
        var config = ConfigLoader.Load(Path.Combine(dir, "agent.json"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = dir });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information);
#pragma warning disable CA2000 // added to the host's logging, whose logger factory disposes its providers
        var fake = new Microsoft.Extensions.Logging.Testing.FakeLoggerProvider();
#pragma warning restore CA2000
        builder.Logging.AddProvider(fake);
        builder.AddEdgeAgent(config);
        configure?.Invoke(builder, config);
        var host = builder.Build();
        await host.StartAsync();
        return new AgentHarness(host, config, fake.Collector);
    }

    public static string AgentJson(int mqttPort, bool embedded = false, string providers = "\"cpu\"", string mqttExtra = "", string rootExtra = "", string trackingExtra = "") => $$"""
        {
          "model": { "path": "{{RepoPaths.DemoModel}}" },
          "inference": { "providers": [{{providers}}], "maxBatch": 4 },
          "mqtt": { {{(embedded ? $"\"embeddedPort\": {mqttPort}" : $"\"host\": \"127.0.0.1\", \"port\": {mqttPort}")}}, "topicPrefix": "test", "keepAliveSeconds": 2{{mqttExtra}} },
          "tracking": { "confirmHits": 3, "maxMisses": 30{{trackingExtra}} },
          "http": { "port": 0 }{{rootExtra}}
        }
        """;

    public async Task StopAsync() => await _host.StopAsync(TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        try { await _host.StopAsync(TimeSpan.FromSeconds(20)); } catch (OperationCanceledException) { }
        _host.Dispose();
    }
}
