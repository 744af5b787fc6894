using OpenCvSharp;

namespace RetinaNet.Edge.Benchmarking;

/// <summary>The soak's figure (OpenCV, PNG): one panel per series against minutes, broker outages shaded, the warm-up
/// greyed, each panel's own scale from zero so that a flat line reads as flat.</summary>
internal static class SoakPlot
{
    public static void Write(string path, IReadOnlyList<SoakSample> samples, IReadOnlyList<SoakOutage> outages, double warmupSeconds, string title)
    {
        var panels = new (string Name, Func<SoakSample, double> Value)[]
        {
            ("RSS (MiB)", s => s.RssMiB), ("managed heap (MiB)", s => s.HeapMiB), ("threads", s => s.Threads), ("open file descriptors", s => s.Fds),
            ("decoder children", s => s.DecoderChildren), ("HLS + snapshot helpers", s => s.HelperChildren), ("state DB + WAL (KiB)", s => s.DbKiB + s.WalKiB), ("outbox backlog (events)", s => s.OutboxQueued),
        };
        const int width = 1200, panelH = 150, left = 90, right = 20, top = 50, cols = 2;
        int rows = (panels.Length + cols - 1) / cols, colW = width / cols;
        using var img = new Mat(top + rows * panelH + 30, width, MatType.CV_8UC3, Scalar.All(255));
        Cv2.PutText(img, title, new Point(10, 30), HersheyFonts.HersheySimplex, 0.6, Scalar.All(0), 1, LineTypes.AntiAlias);
        double tMax = Math.Max(1, samples.Count > 0 ? samples[^1].Seconds : 1);
        for (int p = 0; p < panels.Length; p++)
        {
            var (name, value) = panels[p];
            int x0 = (p % cols) * colW + left, y0 = top + (p / cols) * panelH + 20, w = colW - left - right, h = panelH - 50;
            int X(double t) => x0 + (int)(w * t / tMax);
            Cv2.Rectangle(img, new Point(x0, y0), new Point(X(Math.Min(warmupSeconds, tMax)), y0 + h), Scalar.All(235), -1);
            foreach (var o in outages) Cv2.Rectangle(img, new Point(X(o.Stopped), y0), new Point(X(o.Restarted ?? o.Stopped), y0 + h), new Scalar(200, 200, 255), -1);
            double max = Math.Max(1e-9, samples.Select(value).Where(double.IsFinite).DefaultIfEmpty(1).Max() * 1.15);
            int Y(double v) => y0 + h - (int)(h * (double.IsFinite(v) ? v : 0) / max);
            for (int i = 1; i < samples.Count; i++)
                Cv2.Line(img, new Point(X(samples[i - 1].Seconds), Y(value(samples[i - 1]))), new Point(X(samples[i].Seconds), Y(value(samples[i]))), new Scalar(180, 90, 20), 2, LineTypes.AntiAlias);
            Cv2.Rectangle(img, new Point(x0, y0), new Point(x0 + w, y0 + h), Scalar.All(0), 1);
            Cv2.PutText(img, name, new Point(x0, y0 - 5), HersheyFonts.HersheySimplex, 0.45, Scalar.All(0), 1, LineTypes.AntiAlias);
            Cv2.PutText(img, $"{max / 1.15:G4}", new Point(x0 - 80, y0 + 12), HersheyFonts.HersheySimplex, 0.4, Scalar.All(60), 1, LineTypes.AntiAlias);
            Cv2.PutText(img, "0", new Point(x0 - 20, y0 + h), HersheyFonts.HersheySimplex, 0.4, Scalar.All(60), 1, LineTypes.AntiAlias);
            Cv2.PutText(img, $"{tMax / 60:F0} min", new Point(x0 + w - 50, y0 + h + 15), HersheyFonts.HersheySimplex, 0.4, Scalar.All(60), 1, LineTypes.AntiAlias);
        }
        Cv2.PutText(img, "grey: warm-up (not judged); red: broker down", new Point(10, img.Rows - 10), HersheyFonts.HersheySimplex, 0.45, Scalar.All(60), 1, LineTypes.AntiAlias);
        Cv2.ImWrite(path, img);
    }
}
