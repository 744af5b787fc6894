namespace RetinaNet.Edge.Capture;

/// <summary>Where a camera's own compressed video goes (the seam between capture and the live view): its decoder
/// child remuxes the stream into fragmented MP4 beside the frames it decodes, and capture hands that byte stream
/// here.</summary>
internal interface ILiveVideoSink
{
    /// <summary>False when nobody could watch (no HTTP server): capture then remuxes nothing.</summary>
    bool Accepting { get; }

    /// <summary>Reads <paramref name="fmp4"/> until it ends (the child exited) or fails; called on a thread of the
    /// camera's capture, which must keep draining the stream even when nobody watches (the child would block).</summary>
    void Run(string camera, Stream fmp4);

    /// <summary>The camera's video cannot be remuxed for the browser (a device, a GStreamer preset, a codec MP4 cannot
    /// carry): the live view falls back to MJPEG and shows <paramref name="reason"/>.</summary>
    void Unavailable(string camera, string reason);
}
