using Microsoft.AspNetCore.Http;

namespace RetinaNet.Edge.History;

/// <summary><c>/api/history</c>: tracked objects by camera, label, zone and time (<see cref="Web.ReviewFilter"/>),
/// newest first; the same authentication and origin rule as clips and the live view; 503 naming the file when the
/// history cannot be kept.</summary>
internal static class HistoryEndpoints
{
    public static IResult List(HttpContext ctx, IObjectHistory history) =>
        !Web.CrossSite.SameSite(ctx) ? Web.CrossSite.Refused
        : history.Problem is { } problem ? Results.Problem(problem, statusCode: StatusCodes.Status503ServiceUnavailable)
        : Results.Json(history.Find(Web.ReviewFilter.Of(ctx.Request.Query)), HistoryJsonContext.Default.IReadOnlyListTrackedObject);
}

/// <summary>The tracked objects seen, for the review page.</summary>
internal interface IObjectHistory
{
    /// <summary>Why no history is kept (null when it is).</summary>
    string? Problem { get; }

    IReadOnlyList<TrackedObject> Find(Web.ReviewFilter filter);
}

/// <summary><c>history.enabled</c> false.</summary>
internal sealed class NoHistory : IObjectHistory
{
    public string? Problem => "history.enabled is false in agent.json";

    public IReadOnlyList<TrackedObject> Find(Web.ReviewFilter filter) => [];
}
