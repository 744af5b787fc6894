using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace RetinaNet.Edge.Hosting;

/// <summary>Pings systemd's watchdog (WATCHDOG=1) at half of WatchdogSec while the agent runs, so that a hung
/// process is restarted by systemd, and reports readiness as the unit's STATUS (shown by systemctl status).
/// Does nothing outside systemd.</summary>
internal sealed class WatchdogService(ISystemdNotifier notifier, Readiness readiness, Microsoft.Extensions.Logging.ILogger<WatchdogService> logger) : BackgroundService
{
    private bool _withheld;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled) return;
        var period = long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec / 2.0) : TimeSpan.FromSeconds(10);
        using var timer = new PeriodicTimer(period);
        do
        {
            var problems = readiness.Problems();
            notifier.Notify(new ServiceState("STATUS=" + (problems.Count == 0 ? "ready" : string.Join("; ", problems))));
            var fatal = readiness.Fatal();
            if (fatal.Count > 0)
            {
                // A dead or stalled stage: no more pings, so that systemd restarts the service (WatchdogSec).
                if (!_withheld) Log.WatchdogWithheld(logger, string.Join("; ", fatal));
                _withheld = true;
            }
            else if (usec > 0) notifier.Notify(new ServiceState("WATCHDOG=1"));
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
