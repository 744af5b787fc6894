using System.CommandLine;
using RetinaNet.Edge.Hosting;

namespace RetinaNet.Edge.Benchmarking;

/// <summary><c>bench outbox</c>'s values, typed.</summary>
internal sealed record OutboxBenchArgs(double OutageSeconds, double Rate, int Events, string? Folder);

/// <summary><c>bench outbox</c>'s command line.</summary>
internal sealed class OutboxBenchCli : ICommandLine<OutboxBenchArgs>
{
    private readonly Option<double> _outage = CliOptions.Ranged("--outage-seconds", "broker outage of the soak (0 skips it)", 0.0, 86_400, 600);
    private readonly Option<double> _rate = CliOptions.Ranged("--rate", "events per second during the soak", 0.01, 100_000, 15);
    private readonly Option<int> _events = CliOptions.Ranged("--events", "events per append measurement", 1, 10_000_000, 20_000);
    private readonly Option<string?> _folder = CliOptions.Text("--folder", "where the outbox files go (default: a temp folder)");

    public Command Command() => new("outbox", "The MQTT outbox against a local mosquitto: append rate, delivery latency, outage recovery") { _outage, _rate, _events, _folder };

    public OutboxBenchArgs Bind(ParseResult r) => new(r.GetValue(_outage), r.GetValue(_rate), r.GetValue(_events), r.GetValue(_folder));
}
