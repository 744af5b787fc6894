using System.Diagnostics;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Capture;

/// <summary>How one kind of decoder child process is started and what its standard-error lines mean. One instance
/// per process run: a dialect may keep state between lines (e.g. ffmpeg's input listing precedes its output's).</summary>
internal interface IDecoderDialect
{
    /// <summary>The process that decodes <paramref name="url"/> into raw BGR frames on its standard output and, when
    /// <paramref name="live"/> is given, writes the stream remuxed into fragmented MP4 there.</summary>
    ProcessStartInfo Start(string url, CameraOptions camera, (int Width, int Height) workingSize, PlayFile? file, string? live = null);

    /// <summary>Whether this child can write the live-view output.</summary>
    bool RemuxesLive { get; }

    /// <summary>What <paramref name="line"/> of standard error says.</summary>
    DecoderLine Parse(string line);

    /// <summary>The package to install when the program itself cannot be run.</summary>
    string Install { get; }
}

internal enum DecoderLineKind
{
    /// <summary>Nothing of interest (stream listings, progress).</summary>
    Other,
    /// <summary>The presentation timestamp (seconds from the stream's start) of the next frame on the pipe.</summary>
    Pts,
    /// <summary>The camera's full resolution and frame rate (0 when not stated).</summary>
    Input,
    /// <summary>The size of the frames on the pipe.</summary>
    Output,
    /// <summary>A problem in words (the last one is the source's <see cref="IFrameSource.LastProblem"/>).</summary>
    Error,
    /// <summary>Damaged or undecodable data (counted per camera).</summary>
    Damage,
    /// <summary>The chosen decoder does not exist on this box: one line naming what is missing.</summary>
    Missing,
}

/// <summary>One parsed line: its kind and, by kind, a time, a size and rate, or the words to report.</summary>
internal readonly record struct DecoderLine(DecoderLineKind Kind, double Value = 0, int Width = 0, int Height = 0, string? Text = null)
{
    public static readonly DecoderLine Nothing = new(DecoderLineKind.Other);
}
