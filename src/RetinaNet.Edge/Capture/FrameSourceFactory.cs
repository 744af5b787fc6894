using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Capture;

/// <summary>Chooses the source for a camera URL: OpenCV in-process for files, an ffmpeg process for streams and devices.</summary>
internal static class FrameSourceFactory
{
    /// <param name="decoderMessage">Receives the decoder's complaints about damaged data (streams and devices).</param>
    /// <param name="workingSize">The size ffmpeg scales selected frames to at most (the model input), unless the
    /// camera sets detectWidth/detectHeight; (0, 0): full resolution.</param>
    /// <param name="live">Where the camera's remuxed video goes (the browser live view), or null.</param>
    public static IFrameSource Create(CameraOptions camera, string baseDirectory, string ffmpegPath = "ffmpeg", Action<string>? decoderMessage = null,
        (int Width, int Height) workingSize = default, ILiveVideoSink? live = null)
    {
        var url = camera.Url;
        if (!IsFile(url))
            return new DecoderProcessSource(WithPassword(url, camera.PasswordEnv), ffmpegPath, ConfigLoader.Redact(url), camera, workingSize, decoderMessage, live: live);
        var path = url.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(url).LocalPath : ConfigLoader.Resolve(baseDirectory, url);
        // A file played in real time is a camera: decoded by ffmpeg like a stream, so that damaged data is counted and
        // logged per camera. Unpaced files (evaluation, benchmarks) are decoded in-process by OpenCV, as fast as it goes.
        if (camera.RealTime)
            return new DecoderProcessSource(path, ffmpegPath, path, camera, workingSize, decoderMessage, new PlayFile(camera.Loop), live);
        return new FileFrameSource(path, camera.Loop);
    }

    public static bool IsFile(string url) =>
        !url.StartsWith("/dev/", StringComparison.Ordinal) && (!url.Contains("://", StringComparison.Ordinal) || url.StartsWith("file://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Puts the password from the environment into the URL's user-info (user:password@host).</summary>
    internal static string WithPassword(string url, string? passwordEnv)
    {
        if (passwordEnv is null || Environment.GetEnvironmentVariable(passwordEnv) is not { } password) return url;
        var uri = new UriBuilder(url);
        uri.Password = Uri.EscapeDataString(password);
        return uri.Uri.AbsoluteUri;
    }
}
