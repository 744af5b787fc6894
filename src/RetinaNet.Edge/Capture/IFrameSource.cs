using OpenCvSharp;

namespace RetinaNet.Edge.Capture;

/// <summary>A camera or file that yields decoded BGR frames. Open, then Read until it returns false (end or failure).</summary>
internal interface IFrameSource : IDisposable
{
    /// <summary>Connects; throws <see cref="CaptureException"/> with the reason when the source cannot be opened.</summary>
    void Open(CancellationToken cancellationToken);

    /// <summary>Decodes the next frame into <paramref name="image"/>; false at the end of the stream or on failure.</summary>
    bool Read(Mat image);

    /// <summary>Makes a blocked <see cref="Read"/> return (stall handling); safe from another thread.</summary>
    void Interrupt();

    /// <summary>Native frame rate when known (files), else 0.</summary>
    double Fps { get; }

    /// <summary>Whether reaching the end is normal (a file) rather than a failure (a live stream).</summary>
    bool IsFile { get; }

    /// <summary>The source's last error in words (e.g. ffmpeg's last line), if any.</summary>
    string? LastProblem => null;

    /// <summary>True when the source itself delivers only the frames the detector takes (ffmpeg's filter graph
    /// selects them at the camera's detectFps): the capture worker then passes every frame on.</summary>
    bool SelectsFrames => false;

    /// <summary>What the source knows of the frame last read: its number and presentation timestamp in the stream,
    /// and the camera's full resolution (the image read may be scaled). Null: the worker counts frames itself and the
    /// image is the full frame.</summary>
    SourceFrameInfo? LastFrame => null;
}

internal sealed class CaptureException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The camera answered "connection refused": nothing listens yet, so a retry costs nothing and is made
    /// soon (a returning camera is used within a fraction of a second), not on the exponential schedule.</summary>
    public bool Refused => Message.Contains("Connection refused", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A decoded frame's place in its stream, the stream's full resolution, and how late the decoder delivered
/// it (<see cref="DecoderLag"/>).</summary>
internal readonly record struct SourceFrameInfo(long Index, double Pts, int SourceWidth, int SourceHeight, double DecoderLag = 0);
