using System.Reflection;

namespace RetinaNet.Edge.Web;

/// <summary>The dashboard: one self-contained page (no build step on the box) kept as embedded resources,
/// <c>Web/Dashboard/index.html</c>, <c>live.js</c> and <c>dashboard.js</c>, served as one document (the scripts inlined,
/// so that a <c>?token=</c> page needs no second authenticated request). Camera grid with each camera's own video
/// and its boxes drawn in the browser (MJPEG where the browser cannot play the camera), status, a live event feed over
/// server-sent events with a thumbnail per event, and per-label counts; <c>#camera=NAME</c> shows one camera full
/// size.</summary>
internal static class Dashboard
{
    public static string Html { get; } = Build("index.html", "live.js", "editor.js", "dashboard.js");

    /// <summary>The review page: clips by camera, label, zone and time with their tracks' snapshots, played through the
    /// live view's MSE + canvas player with the stored boxes.</summary>
    public static string ReviewHtml { get; } = Build("review.html", "live.js", "review.js");

    private static string Build(string page, params string[] scripts)
    {
        string html = Resource(page);
        foreach (var name in scripts)
        {
            string tag = $"<script src=\"{name}\"></script>";
            if (!html.Contains(tag, StringComparison.Ordinal)) throw new InvalidOperationException($"dashboard: {page} lost its script tag for {name}");
            html = html.Replace(tag, "<script>\n" + Resource(name) + "</script>", StringComparison.Ordinal);
        }
        return html;
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("RetinaNet.Edge.Web.Dashboard." + name)
            ?? throw new InvalidOperationException($"dashboard: embedded resource {name} missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
