using Microsoft.Extensions.Logging;

namespace RetinaNet.Edge.Web;

internal static partial class Log
{
    [LoggerMessage(40, LogLevel.Information, "HTTP server listening on {Address} (authentication {Auth})")]
    public static partial void Listening(ILogger logger, string address, string auth);
}
