using OpenCvSharp;

namespace RetinaNet.Edge.Benchmarking;

/// <summary>Draws latency histograms (log-spaced bins, one row per series) into a PNG with OpenCV.</summary>
internal static class HistogramPlot
{
    public static void Write(string path, string title, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series)
    {
        const int width = 900, rowHeight = 150, left = 170, bins = 40;
        int height = 60 + rowHeight * series.Count + 40;
        using var img = new Mat(height, width, MatType.CV_8UC3, Scalar.All(255));
        Cv2.PutText(img, title, new Point(10, 30), HersheyFonts.HersheySimplex, 0.7, Scalar.All(0), 2, LineTypes.AntiAlias);
        double lo = 0.1, hi = Math.Max(10, series.SelectMany(s => s.Values).DefaultIfEmpty(10).Max() * 1.1);
        double logLo = Math.Log10(lo), logHi = Math.Log10(hi);
        int plotW = width - left - 20;
        for (int r = 0; r < series.Count; r++)
        {
            var (name, values) = series[r];
            int top = 60 + r * rowHeight, bottom = top + rowHeight - 30;
            var counts = new int[bins];
            foreach (var v in values)
            {
                double x = (Math.Log10(Math.Max(lo, v)) - logLo) / (logHi - logLo);
                counts[Math.Clamp((int)(x * bins), 0, bins - 1)]++;
            }
            int max = Math.Max(1, counts.Max());
            for (int b = 0; b < bins; b++)
            {
                int x0 = left + b * plotW / bins, x1 = left + (b + 1) * plotW / bins - 2;
                int y0 = bottom - (int)((bottom - top) * (double)counts[b] / max);
                Cv2.Rectangle(img, new Point(x0, y0), new Point(x1, bottom), new Scalar(180, 110, 40), -1);
            }
            Cv2.Line(img, new Point(left, bottom), new Point(left + plotW, bottom), Scalar.All(0), 1);
            var p = Percentiles.Of(values);
            Cv2.PutText(img, name, new Point(10, top + 30), HersheyFonts.HersheySimplex, 0.5, Scalar.All(0), 1, LineTypes.AntiAlias);
            Cv2.PutText(img, $"p50 {p.P50:F1}", new Point(10, top + 55), HersheyFonts.HersheySimplex, 0.45, Scalar.All(60), 1, LineTypes.AntiAlias);
            Cv2.PutText(img, $"p99 {p.P99:F1} ms", new Point(10, top + 75), HersheyFonts.HersheySimplex, 0.45, Scalar.All(60), 1, LineTypes.AntiAlias);
        }
        foreach (var tick in new[] { 0.1, 1, 10, 100, 1000, 10000 })
        {
            if (tick > hi) break;
            int x = left + (int)((Math.Log10(tick) - logLo) / (logHi - logLo) * plotW);
            Cv2.PutText(img, $"{tick:G} ms", new Point(x - 15, height - 15), HersheyFonts.HersheySimplex, 0.45, Scalar.All(0), 1, LineTypes.AntiAlias);
        }
        Cv2.ImWrite(path, img);
    }
}
