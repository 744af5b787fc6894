namespace RetinaNet.Edge.LiveView;

/// <summary>Sees every piece of a camera's remuxed video as the hub reads it (recording keeps its ring of recent
/// fragments from it). Called on the camera's live-output thread, which must keep draining the decoder's pipe:
/// implementations only copy references and queue work.</summary>
internal interface IVideoFragmentObserver
{
    /// <summary>Wants the video even with nobody watching (the decoder then remuxes although the HTTP server is off).</summary>
    bool Active { get; }

    /// <summary>An init segment (a new decoder child: reconnect, new source) or one frame's fragment, with the stream's
    /// video track (codec string, coded size) as its init segment describes it.</summary>
    void OnSegment(string camera, Fmp4Segment segment, (string Codec, int Width, int Height) track);

    /// <summary>The camera's remuxed stream ended (its decoder child exited) or was malformed.</summary>
    void OnStreamEnded(string camera);

    /// <summary>The camera's video cannot be remuxed (a device, a GStreamer preset, a codec MP4 cannot carry).</summary>
    void OnUnavailable(string camera, string reason);
}
