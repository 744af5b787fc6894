using RetinaNet.Edge.Toolkit.Adaptation;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>retinanet-toolkit adapt</c>: the shipped model fine-tuned for one camera, offline, on the box.</summary>
internal static class AdaptCommand
{
    public static int Run(AdaptRequest request)
    {
        var report = new AdaptRunner(request, Console.Error).Run();
        Console.WriteLine($"adapted in {report.Seconds / 60:F1} min: held-out AP50 {report.Before.Ap50:F3} → {report.After.Ap50:F3} (AP {report.Before.Ap:F3} → {report.After.Ap:F3}); " +
                          $"{report.FloatModel}, {report.Int8Model}; report {Path.Combine(Path.GetDirectoryName(report.FloatModel)!, "report.md")}");
        return 0;
    }
}
