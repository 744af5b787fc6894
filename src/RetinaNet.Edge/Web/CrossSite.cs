using Microsoft.AspNetCore.Http;

namespace RetinaNet.Edge.Web;

/// <summary>The origin rule of every browser-facing read of camera data (the live view's WebSocket, clips, the event
/// history): a request another site's page makes — a cross-site <c>Sec-Fetch-Site</c> or a foreign <c>Origin</c> —
/// is refused, so a page elsewhere cannot read a viewer's cameras with the viewer's credentials.</summary>
internal static class CrossSite
{
    /// <summary>No Origin (not a browser) or the page's own origin.</summary>
    public static bool SameOrigin(HttpContext ctx)
    {
        var origin = ctx.Request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, $"{ctx.Request.Scheme}://{ctx.Request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Same origin, and not fetched by another site's page.</summary>
    public static bool SameSite(HttpContext ctx) =>
        ctx.Request.Headers["Sec-Fetch-Site"].ToString() is "" or "same-origin" or "none" && SameOrigin(ctx);

    public static IResult Refused => Results.StatusCode(StatusCodes.Status403Forbidden);
}
