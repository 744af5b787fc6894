using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Deploy;

/// <summary>The shipped unit, judged by systemd's own analyzer (tests/run.sh installs Debian's systemd for it).</summary>
public partial class SystemdUnitTests(ITestOutputHelper output)
{
    private static string Unit => Path.Combine(RepoPaths.Root, "systemd", "retinanet-edge.service");

    [Fact]
    public void SecurityExposure_Offline_AtMost2()
    {
        var copy = Path.Combine(RepoPaths.TempFolder("unit"), "retinanet-edge.service");
        File.Copy(Unit, copy);
        var psi = new ProcessStartInfo("systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "security", "--offline=yes", copy }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        var m = Exposure().Match(text);
        Assert.True(m.Success, "no exposure level in: " + text);
        double exposure = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        output.WriteLine($"systemd-analyze security --offline=yes: exposure {exposure}");
        Assert.True(exposure <= 2.0, $"exposure {exposure}");
    }

    [Fact]
    public void Unit_ConfigErrorExitCode_NotRestarted()
    {
        var lines = File.ReadAllLines(Unit);
        Assert.Contains("RestartPreventExitStatus=2", lines);
        Assert.Contains("DevicePolicy=closed", lines);
        Assert.Contains("UMask=0027", lines);
        Assert.Contains(lines, l => l.StartsWith("SystemCallFilter=@system-service", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"Overall exposure level for \S+: ([0-9.]+)")]
    private static partial Regex Exposure();
}
