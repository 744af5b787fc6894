using System.Reflection;

namespace RetinaNet.Edge.Web;

/// <summary>The dashboard: one self-contained page (no build step on the box) kept as embedded resources,
/// <c>Web/Dashboard/index.html</c> and <c>dashboard.js</c>, served as one document (the script inlined, so that a
/// <c>?token=</c> page needs no second authenticated request). Camera grid with live MJPEG views and status, a live
/// event feed over server-sent events with a thumbnail per event, and per-label counts.</summary>
internal static class Dashboard
{
    private const string ScriptTag = "<script src=\"dashboard.js\"></script>";

    public static string Html { get; } = Build();

    private static string Build()
    {
        string html = Resource("index.html"), js = Resource("dashboard.js");
        if (!html.Contains(ScriptTag, StringComparison.Ordinal)) throw new InvalidOperationException("dashboard: index.html lost its script tag");
        return html.Replace(ScriptTag, "<script>\n" + js + "</script>", StringComparison.Ordinal);
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("RetinaNet.Edge.Web.Dashboard." + name)
            ?? throw new InvalidOperationException($"dashboard: embedded resource {name} missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
