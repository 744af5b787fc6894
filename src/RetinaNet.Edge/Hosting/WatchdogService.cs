using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace RetinaNet.Edge.Hosting;

/// <summary>Pings systemd's watchdog (WATCHDOG=1) at half of WatchdogSec while the agent runs, so that a hung
/// process is restarted by systemd. Does nothing outside systemd.</summary>
internal sealed class WatchdogService(ISystemdNotifier notifier) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled) return;
        if (!long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var usec) || usec <= 0) return;
        var period = TimeSpan.FromMicroseconds(usec / 2.0);
        using var timer = new PeriodicTimer(period);
        do notifier.Notify(new ServiceState("WATCHDOG=1"));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
